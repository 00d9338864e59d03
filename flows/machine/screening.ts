/**
 * Onboarding and screening (docs/clinical-protocol.md#screening): consent → age 18+ → the seven PAR-Q+
 * questions → days since last use (stage) → craving now → PHQ-2 (→ PHQ-9 when ≥ 3) → current
 * activity → preferences → assessment → prescription → active.
 */
import type { FlowContent } from '../content/schema.js';
import type { Modality } from '../history.js';
import { canonicalZone } from '../rules/localTime.js';
import { needsFullPhq9, phq9Band, phqTotal } from '../rules/phq.js';
import { heartRateRange, planFor } from '../rules/prescription.js';
import { daysSince, stageFor } from '../rules/stage.js';
import { ask, choiceOptions, scaleAsk, scaleOptions, yesNoAsk } from './asks.js';
import { offerWhenRising } from './risingOffer.js';
import { alertFor, crisis, crisisBeforeConsent } from './safety.js';
import { zoneLabel } from './settings.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const DAY = 86_400_000;
const { assign, emit, enqueueActions } = patientSetup;

const answer = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);
const num = (event: PatientEvent) => Number(answer(event));

/** The plan message for a context (also used by /plan and after clearance). */
export function planText(context: PatientContext, content: FlowContent, now: number) {
  const stage = stageFor(daysSince(context.profile.lastUseAt ?? now, now), content.thresholds);
  const { id, plan } = planFor(stage, context.profile.cleared, content.prescriptions);
  const hr = heartRateRange(
    plan,
    context.profile.age ?? content.thresholds.ageWhenUnknown,
    content.prescriptions,
  );
  return {
    key: `plan.${id}`,
    params: { min: plan.minutes[0], max: plan.minutes[1], hrLow: hr?.[0] ?? '', hrHigh: hr?.[1] ?? '' },
  };
}

/** The onboarding state tree. */
export function screeningState(content: FlowContent) {
  const { thresholds, screening } = content;
  return patientSetup.createStateConfig({
    initial: 'consent',
    states: {
      consent: {
        entry: [
          emit({ type: 'say', text: { key: 'onboarding.welcome' } }),
          ask(() => yesNoAsk('consent', { key: 'onboarding.consent' })),
        ],
        on: {
          ANSWER: [
            {
              guard: ({ event }) => answer(event) === true,
              target: 'age',
              // Said once: the age question may be asked again (after a lapse told during setup).
              actions: emit({ type: 'say', text: { key: 'onboarding.consented' } }),
            },
            { target: 'declined' },
          ],
          ...crisisBeforeConsent(content),
        },
      },
      declined: {
        entry: [
          assign({ ask: null }),
          emit({ type: 'say', text: { key: 'onboarding.declined' } }),
          emit({ type: 'erase', keepOpenAlerts: true }),
        ],
      },
      age: {
        entry: ask(() => ({
          field: 'age',
          kind: 'number',
          prompt: { key: 'screening.age' },
          options: [],
          min: 1,
          max: 120,
        })),
        on: {
          ANSWER: [
            { guard: ({ event }) => num(event) < thresholds.adultAge, target: 'underage' },
            {
              target: 'parq',
              actions: assign({ profile: ({ context, event }) => ({ ...context.profile, age: num(event) }) }),
            },
          ],
        },
      },
      underage: {
        entry: [
          assign({ ask: null }),
          emit({ type: 'say', text: { key: 'screening.underage', params: { age: thresholds.adultAge } } }),
          emit({ type: 'erase', keepOpenAlerts: true }),
        ],
      },
      parq: {
        entry: [
          enqueueActions(({ context, enqueue }) => {
            if (context.profile.parq.length === 0)
              enqueue.emit({ type: 'say', text: { key: 'screening.parqIntro' } });
          }),
          ask(({ context }) => {
            const i = context.profile.parq.length;
            return yesNoAsk('parq', {
              key: `screening.parq.${screening.parq[i]}`,
              params: { i: i + 1, n: screening.parq.length },
            });
          }),
        ],
        on: {
          ANSWER: {
            target: 'parqNext',
            actions: assign({
              profile: ({ context, event }) => ({
                ...context.profile,
                parq: [...context.profile.parq, answer(event) === true],
              }),
            }),
          },
        },
      },
      parqNext: {
        always: [
          {
            guard: ({ context }) => context.profile.parq.length < screening.parq.length,
            target: 'parq',
            reenter: true,
          },
          {
            // A counsellor recorded clearance while the questions were still being answered.
            guard: ({ context }) => context.profile.parq.some(Boolean) && context.profile.cleared,
            target: 'lastUse',
          },
          {
            guard: ({ context }) => context.profile.parq.some(Boolean),
            target: 'lastUse',
            actions: [
              assign({ profile: ({ context }) => ({ ...context.profile, cleared: false }) }),
              emit({ type: 'say', text: { key: 'screening.parqLightOnly' } }),
              emit(alertFor(content, 'parqYes', ['screening.told.lightOnly'])),
            ],
          },
          {
            target: 'lastUse',
            actions: assign({ profile: ({ context }) => ({ ...context.profile, cleared: true }) }),
          },
        ],
      },
      lastUse: {
        entry: ask(() => ({
          field: 'lastUse',
          kind: 'number',
          prompt: { key: 'screening.lastUse' },
          options: [],
          min: 0,
          max: 36500,
        })),
        on: {
          ANSWER: {
            target: 'craving',
            actions: [
              assign({
                profile: ({ context, event }) => ({
                  ...context.profile,
                  lastUseAt: event.now - num(event) * DAY,
                }),
              }),
              emit(({ event }) => ({
                type: 'say' as const,
                text: {
                  key: `screening.stage.${stageFor(num(event), thresholds)}`,
                  params: { days: num(event) },
                },
              })),
            ],
          },
        },
      },
      craving: {
        entry: ask(() => scaleAsk('craving', { key: 'screening.craving' })),
        on: {
          ANSWER: {
            target: 'phq',
            actions: [
              assign({
                profile: ({ context, event }) => ({ ...context.profile, baselineCraving: num(event) }),
                ratings: ({ event }) => [num(event)],
              }),
              emit(({ event }) => ({
                type: 'record' as const,
                entry: {
                  t: 'craving' as const,
                  at: event.now,
                  value: num(event),
                  source: 'screening' as const,
                },
              })),
            ],
          },
        },
      },
      phq: {
        entry: [
          enqueueActions(({ context, enqueue }) => {
            if (context.profile.phq.length === 0)
              enqueue.emit({ type: 'say', text: { key: 'screening.phqIntro' } });
            if (context.profile.phq.length === 2)
              enqueue.emit({ type: 'say', text: { key: 'screening.phq9Intro' } });
          }),
          ask(({ context }) => {
            const i = context.profile.phq.length;
            const n = i < 2 ? 2 : 9;
            return {
              field: 'phq',
              kind: 'choice',
              prompt: { key: `screening.phq.${screening.phq9[i]}`, params: { i: i + 1, n } },
              options: choiceOptions('screening.phqOption', ['0', '1', '2', '3']),
              min: 0,
              max: 3,
            };
          }),
        ],
        on: {
          ANSWER: [
            {
              // PHQ-9 item 9 above 0 → the safety path, whatever the total; the questionnaire goes on after.
              guard: ({ context, event }) =>
                context.profile.phq.length === screening.selfHarmItem - 1 && num(event) > 0,
              target: 'phqNext',
              actions: [
                assign({
                  profile: ({ context, event }) => ({
                    ...context.profile,
                    phq: [...context.profile.phq, num(event)],
                  }),
                }),
                crisis(content, 'phq9Item9', true),
              ],
            },
            {
              target: 'phqNext',
              actions: assign({
                profile: ({ context, event }) => ({
                  ...context.profile,
                  phq: [...context.profile.phq, num(event)],
                }),
              }),
            },
          ],
        },
      },
      phqNext: {
        always: [
          {
            guard: ({ context }) =>
              context.profile.phq.length < 2 ||
              (context.profile.phq.length < 9 && needsFullPhq9(context.profile.phq.slice(0, 2), thresholds)),
            target: 'phq',
            reenter: true,
          },
          {
            guard: ({ context }) =>
              context.profile.phq.length === 9 && phqTotal(context.profile.phq) >= thresholds.phq9Referral,
            target: 'activity',
            actions: emit(({ context }) => ({
              ...alertFor(content, 'phq9High', ['screening.told.phqHigh'], {
                score: phqTotal(context.profile.phq),
              }),
            })),
          },
          { target: 'activity' },
        ],
      },
      activity: {
        entry: ask(() => ({
          field: 'activity',
          kind: 'scale',
          prompt: { key: 'screening.activity' },
          options: scaleOptions(0, 7),
          min: 0,
          max: 7,
        })),
        on: {
          ANSWER: {
            target: 'likes',
            actions: assign({
              profile: ({ context, event }) => ({ ...context.profile, activeDays: num(event) }),
            }),
          },
        },
      },
      likes: {
        entry: ask(() => ({
          field: 'likes',
          kind: 'choice',
          prompt: { key: 'screening.likes' },
          options: choiceOptions('screening.likesOption', ['mindbody', 'aerobic', 'resistance', 'all']),
        })),
        on: {
          ANSWER: {
            target: 'setting',
            actions: assign({
              profile: ({ context, event }) => {
                const v = String(answer(event));
                const likes: Modality[] =
                  v === 'all' ? ['mindbody', 'aerobic', 'resistance'] : [v as Modality];
                return { ...context.profile, likes };
              },
            }),
          },
        },
      },
      setting: {
        entry: ask(() => ({
          field: 'setting',
          kind: 'choice',
          prompt: { key: 'screening.setting' },
          options: choiceOptions('screening.settingOption', ['indoors', 'outdoors', 'either']),
        })),
        on: {
          ANSWER: {
            target: 'checkinTime',
            actions: assign({
              profile: ({ context, event }) => ({
                ...context.profile,
                setting: answer(event) as 'indoors' | 'outdoors' | 'either',
              }),
            }),
          },
        },
      },
      checkinTime: {
        entry: ask(() => ({
          field: 'checkinTime',
          kind: 'choice',
          prompt: { key: 'screening.checkinTime' },
          options: screening.checkinTimes.map((t) => ({
            value: t,
            label: { key: 'common.raw', params: { text: t } },
          })),
        })),
        on: {
          ANSWER: {
            target: 'timezone',
            actions: assign({
              profile: ({ context, event }) => ({ ...context.profile, checkinTime: String(answer(event)) }),
            }),
          },
        },
      },
      timezone: {
        entry: ask(({ context }) => ({
          field: 'timezone',
          kind: 'choice',
          prompt: {
            key: 'screening.timezone',
            params: { current: zoneLabel(content, context.profile.timezone) },
          },
          options: screening.timezones.map((tz) => ({
            value: tz,
            label: { key: `screening.tz.${tz.replace('/', '_')}` },
          })),
        })),
        on: {
          ANSWER: {
            target: 'shareName',
            actions: assign({
              profile: ({ context, event }) => {
                // Stored as the canonical zone name (a typed `asia/hong_kong` is `Asia/Hong_Kong`).
                const typed = String(answer(event));
                return { ...context.profile, timezone: canonicalZone(typed) ?? typed };
              },
            }),
          },
        },
      },
      shareName: {
        entry: ask(() => yesNoAsk('shareName', { key: 'screening.shareName' })),
        on: {
          ANSWER: {
            target: 'done',
            actions: assign({
              profile: ({ context, event }) => ({ ...context.profile, shareName: answer(event) === true }),
            }),
          },
        },
      },
      // The assessment and the plan; then a rising craving
      // (docs/clinical-protocol.md#rising-craving-and-rescue-sessions: the latest rating ≥ 7) gets a rescue
      // session offered at once, else onboarding is over.
      done: {
        always: [offerWhenRising(content, 'onboarding.rising'), { target: 'finished' }],
        entry: [
          assign({ ask: null }),
          emit(({ context, event }) => {
            const p = context.profile;
            const days = daysSince(p.lastUseAt ?? event.now, event.now);
            const score = phqTotal(p.phq);
            return {
              type: 'say' as const,
              text: {
                key: 'assessment.summary',
                params: {
                  stage: `@stage.${stageFor(days, thresholds)}`,
                  days,
                  craving: p.baselineCraving ?? 0,
                  mood:
                    p.phq.length === 9
                      ? `@assessment.phq9.${phq9Band(score, thresholds)}`
                      : `@assessment.phq2.${score >= thresholds.phq2FullScreenAt ? 'high' : 'low'}`,
                  score,
                  // Out of 6 for the PHQ-2, 27 for the PHQ-9: a bare "9" tells the patient nothing.
                  max: p.phq.length === 9 ? 27 : 6,
                  activeDays: p.activeDays ?? 0,
                  clearance: !p.cleared
                    ? '@assessment.notCleared'
                    : p.parq.some(Boolean)
                      ? '@assessment.clearedByCounsellor'
                      : '@assessment.cleared',
                },
              },
            };
          }),
          emit(({ context, event }) => ({
            type: 'say' as const,
            text: planText(context, content, event.now),
          })),
          emit(({ context }) => ({
            type: 'scheduleCheckin' as const,
            time: context.profile.checkinTime,
            timezone: context.profile.timezone,
            pausedUntil: context.pausedUntil,
            reminderAfterMinutes: content.thresholds.checkinReminderAfterMinutes,
          })),
          emit(({ context }) => ({
            type: 'say' as const,
            text: { key: 'onboarding.ready', params: { time: context.profile.checkinTime } },
          })),
        ],
      },
      finished: { type: 'final' },
    },
  });
}
