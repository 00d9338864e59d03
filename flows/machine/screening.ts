/**
 * Onboarding and screening (docs/clinical-protocol.md#screening): consent → age 18+ → the seven PAR-Q+
 * questions → days since last use (stage) → craving now → PHQ-2 (→ PHQ-9 when ≥ 3) → current
 * activity → preferences → assessment → prescription → active. Its actions are in `screeningActions.ts`.
 */
import { and } from 'xstate';
import type { FlowContent } from '../content/schema.js';
import { choiceOptions, scaleAsk, scaleOptions, yesNoAsk } from './asks.js';
import type { PatientSetup } from './machineSetup.js';

/** The onboarding state tree. */
export function screeningState(s: PatientSetup, content: FlowContent) {
  const { thresholds, screening } = content;
  return s.createStateConfig({
    initial: 'consent',
    states: {
      consent: {
        entry: [
          { type: 'say', params: { key: 'onboarding.welcome' } },
          { type: 'ask', params: yesNoAsk('consent', { key: 'onboarding.consent' }) },
        ],
        on: {
          ANSWER: [
            {
              guard: { type: 'answered', params: { value: true } },
              target: 'age',
              // Said once: the age question may be asked again (after a lapse told during setup).
              actions: { type: 'say', params: { key: 'onboarding.consented' } },
            },
            { target: 'declined' },
          ],
          // Before consent a crisis may be the very first message: its reply stands alone (the engine
          // holds the welcome back, docs/tone.md#a-crisis), and Continue, or whatever the patient writes
          // next, brings the welcome with the consent question.
          CRISIS: {
            actions: {
              type: 'crisis',
              params: { trigger: 'selfHarm', continuePrompt: 'onboarding.continueAfterCrisis' },
            },
          },
          OVERLAY_ANSWER: {
            guard: { type: 'overlayAnswer', params: { field: 'resume' } },
            actions: [{ type: 'say', params: { key: 'onboarding.welcome' } }, 'resumeSaved'],
          },
          INVALID: {
            guard: { type: 'askIs', params: { field: 'resume' } },
            actions: [
              { type: 'say', params: { key: 'safety.heard' } },
              { type: 'say', params: { key: 'onboarding.welcome' } },
              'resumeSaved',
            ],
          },
        },
      },
      declined: {
        entry: [
          'clearAsk',
          { type: 'say', params: { key: 'onboarding.declined' } },
          { type: 'erase', params: { keepOpenAlerts: true } },
        ],
      },
      age: {
        entry: {
          type: 'ask',
          params: {
            field: 'age',
            kind: 'number',
            prompt: { key: 'screening.age' },
            options: [],
            min: 1,
            max: 120,
          },
        },
        on: {
          ANSWER: [
            { guard: { type: 'answeredBelow', params: { limit: thresholds.adultAge } }, target: 'underage' },
            { target: 'parq', actions: 'recordAge' },
          ],
        },
      },
      underage: {
        entry: [
          'clearAsk',
          { type: 'say', params: { key: 'screening.underage', params: { age: thresholds.adultAge } } },
          { type: 'erase', params: { keepOpenAlerts: true } },
        ],
      },
      parq: {
        entry: ['introduceParq', 'askParq'],
        on: { ANSWER: { target: 'parqNext', actions: 'recordParq' } },
      },
      parqNext: {
        always: [
          { guard: 'moreParq', target: 'parq', reenter: true },
          // A counsellor recorded clearance while the questions were still being answered.
          { guard: and(['parqYes', 'cleared']), target: 'lastUse' },
          {
            guard: 'parqYes',
            target: 'lastUse',
            actions: [
              'notClearedByParq',
              { type: 'say', params: { key: 'screening.parqLightOnly' } },
              { type: 'alert', params: { trigger: 'parqYes', told: ['screening.told.lightOnly'] } },
            ],
          },
          { target: 'lastUse', actions: 'clearedByParq' },
        ],
      },
      lastUse: {
        entry: {
          type: 'ask',
          params: {
            field: 'lastUse',
            kind: 'number',
            prompt: { key: 'screening.lastUse' },
            options: [],
            min: 0,
            max: 36500,
          },
        },
        on: { ANSWER: { target: 'craving', actions: ['recordLastUse', 'sayStage'] } },
      },
      craving: {
        entry: { type: 'ask', params: scaleAsk('craving', { key: 'screening.craving' }) },
        on: { ANSWER: { target: 'phq', actions: 'recordBaselineCraving' } },
      },
      phq: {
        entry: ['introducePhq', 'askPhq'],
        on: {
          ANSWER: [
            {
              // PHQ-9 item 9 above 0 → the safety path, whatever the total; the questionnaire goes on after.
              guard: 'phqSelfHarmItem',
              target: 'phqNext',
              actions: ['recordPhq', { type: 'crisis', params: { trigger: 'phq9Item9', park: true } }],
            },
            { target: 'phqNext', actions: 'recordPhq' },
          ],
        },
      },
      phqNext: {
        always: [
          { guard: 'morePhq', target: 'phq', reenter: true },
          { guard: 'phq9High', target: 'activity', actions: 'alertPhq9High' },
          { target: 'activity' },
        ],
      },
      activity: {
        entry: {
          type: 'ask',
          params: {
            field: 'activity',
            kind: 'scale',
            prompt: { key: 'screening.activity' },
            options: scaleOptions(0, 7),
            min: 0,
            max: 7,
          },
        },
        on: { ANSWER: { target: 'likes', actions: 'recordActivity' } },
      },
      likes: {
        entry: {
          type: 'ask',
          params: {
            field: 'likes',
            kind: 'choice',
            prompt: { key: 'screening.likes' },
            options: choiceOptions('screening.likesOption', ['mindbody', 'aerobic', 'resistance', 'all']),
          },
        },
        on: { ANSWER: { target: 'setting', actions: 'recordLikes' } },
      },
      setting: {
        entry: {
          type: 'ask',
          params: {
            field: 'setting',
            kind: 'choice',
            prompt: { key: 'screening.setting' },
            options: choiceOptions('screening.settingOption', ['indoors', 'outdoors', 'either']),
          },
        },
        on: { ANSWER: { target: 'checkinTime', actions: 'recordSetting' } },
      },
      checkinTime: {
        entry: {
          type: 'ask',
          params: {
            field: 'checkinTime',
            kind: 'choice',
            prompt: { key: 'screening.checkinTime' },
            options: screening.checkinTimes.map((t) => ({
              value: t,
              label: { key: 'common.raw', params: { text: t } },
            })),
          },
        },
        on: { ANSWER: { target: 'timezone', actions: 'recordCheckinTime' } },
      },
      timezone: {
        entry: 'askZone',
        on: { ANSWER: { target: 'shareName', actions: 'recordZone' } },
      },
      shareName: {
        entry: { type: 'ask', params: yesNoAsk('shareName', { key: 'screening.shareName' }) },
        on: { ANSWER: { target: 'done', actions: 'recordShareName' } },
      },
      // The assessment and the plan; then a rising craving
      // (docs/clinical-protocol.md#rising-craving-and-rescue-sessions: the latest rating ≥ 7) gets a rescue
      // session offered at once, else onboarding is over.
      done: {
        entry: ['clearAsk', 'sayAssessment', 'sayPlan', 'scheduleCheckin', 'sayReady'],
        always: [
          {
            guard: 'cravingRising',
            target: '#patient.flow.active.offer',
            actions: ['offerFromLatestRating', { type: 'say', params: { key: 'onboarding.rising' } }],
          },
          { target: 'finished' },
        ],
      },
      finished: { type: 'final' },
    },
  });
}
