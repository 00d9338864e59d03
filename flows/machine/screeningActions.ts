/**
 * What onboarding and screening do (docs/clinical-protocol.md#screening): each answer kept in the
 * profile, the PAR-Q+ and PHQ questions asked item by item, and at the end the assessment, the
 * plan and the daily check-in. The states are in `screening.ts`; these are its named actions.
 */
import type { FlowContent } from '../content/schema.js';
import type { Modality } from '../history.js';
import type { Text } from '../intents.js';
import { canonicalZone } from '../rules/localTime.js';
import { phq9Band, phqTotal } from '../rules/phq.js';
import { heartRateRange, planFor } from '../rules/prescription.js';
import { daysSince, stageFor } from '../rules/stage.js';
import { ask, choiceOptions, yesNoAsk } from './asks.js';
import { alertFor } from './safety.js';
import { zoneLabel } from './settings.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent, Profile } from './types.js';

const DAY = 86_400_000;
const { assign, emit, enqueueActions } = patientSetup;

const answer = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);
const num = (event: PatientEvent) => Number(answer(event));

/** The plan message for a context (also used by /plan and after clearance). */
export function planText(context: PatientContext, content: FlowContent, now: number): Text {
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

/** The assessment said at the end of screening: stage, craving, mood, activity and clearance. */
function assessment(context: PatientContext, content: FlowContent, now: number): Text {
  const { thresholds } = content;
  const p = context.profile;
  const days = daysSince(p.lastUseAt ?? now, now);
  const score = phqTotal(p.phq);
  return {
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
  };
}

/** An answer kept in the profile. */
const intoProfile = (patch: (event: PatientEvent, profile: Profile) => Partial<Profile>) =>
  assign({ profile: ({ context, event }) => ({ ...context.profile, ...patch(event, context.profile) }) });

/** The named actions of onboarding and screening (see `machineSetup.ts`). */
export function screeningActions(content: FlowContent) {
  const { thresholds, screening } = content;
  return {
    recordAge: intoProfile((event) => ({ age: num(event) })),
    /** The PAR-Q+ introduced before its first question. */
    introduceParq: enqueueActions(({ context, enqueue }) => {
      if (context.profile.parq.length === 0)
        enqueue.emit({ type: 'say', text: { key: 'screening.parqIntro' } });
    }),
    /** The next PAR-Q+ question, numbered. */
    askParq: ask(({ context }) => {
      const i = context.profile.parq.length;
      return yesNoAsk('parq', {
        key: `screening.parq.${screening.parq[i]}`,
        params: { i: i + 1, n: screening.parq.length },
      });
    }),
    recordParq: intoProfile((event, p) => ({ parq: [...p.parq, answer(event) === true] })),
    /** Every PAR-Q+ answer no: cleared for the full plan. */
    clearedByParq: intoProfile(() => ({ cleared: true })),
    /** A PAR-Q+ yes: light activity only until a counsellor records clearance. */
    notClearedByParq: intoProfile(() => ({ cleared: false })),
    /** Days since last use: the day it was, and the stage it means said back. */
    recordLastUse: intoProfile((event) => ({ lastUseAt: event.now - num(event) * DAY })),
    sayStage: emit(({ event }) => ({
      type: 'say' as const,
      text: { key: `screening.stage.${stageFor(num(event), thresholds)}`, params: { days: num(event) } },
    })),
    /** The craving now: the baseline, the first rating, and the record. */
    recordBaselineCraving: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ profile: { ...context.profile, baselineCraving: num(event) }, ratings: [num(event)] });
      enqueue.emit({
        type: 'record',
        entry: { t: 'craving', at: event.now, value: num(event), source: 'screening' },
      });
    }),
    /** The PHQ-2 introduced before its first question, the rest of the PHQ-9 before its third. */
    introducePhq: enqueueActions(({ context, enqueue }) => {
      if (context.profile.phq.length === 0)
        enqueue.emit({ type: 'say', text: { key: 'screening.phqIntro' } });
      if (context.profile.phq.length === 2)
        enqueue.emit({ type: 'say', text: { key: 'screening.phq9Intro' } });
    }),
    /** The next PHQ question, numbered out of 2 (PHQ-2) or 9 (the rest of the PHQ-9). */
    askPhq: ask(({ context }) => {
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
    recordPhq: intoProfile((event, p) => ({ phq: [...p.phq, num(event)] })),
    /** A PHQ-9 total at the referral threshold: the counsellor is told (routine). */
    alertPhq9High: emit(({ context }) => ({
      ...alertFor(content, 'phq9High', ['screening.told.phqHigh'], { score: phqTotal(context.profile.phq) }),
    })),
    recordActivity: intoProfile((event) => ({ activeDays: num(event) })),
    recordLikes: intoProfile((event) => {
      const v = String(answer(event));
      const likes: Modality[] = v === 'all' ? ['mindbody', 'aerobic', 'resistance'] : [v as Modality];
      return { likes };
    }),
    recordSetting: intoProfile((event) => ({ setting: answer(event) as Profile['setting'] })),
    recordCheckinTime: intoProfile((event) => ({ checkinTime: String(answer(event)) })),
    /** The zones offered, and the one assumed until the patient picks one. */
    askZone: ask(({ context }) => ({
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
    /** Stored as the canonical zone name (a typed `asia/hong_kong` is `Asia/Hong_Kong`). */
    recordZone: intoProfile((event) => {
      const typed = String(answer(event));
      return { timezone: canonicalZone(typed) ?? typed };
    }),
    recordShareName: intoProfile((event) => ({ shareName: answer(event) === true })),
    sayAssessment: emit(({ context, event }) => ({
      type: 'say' as const,
      text: assessment(context, content, event.now),
    })),
    /** The plan for the patient's stage and clearance (at the end of screening, /plan, clearance). */
    sayPlan: emit(({ context, event }) => ({
      type: 'say' as const,
      text: planText(context, content, event.now),
    })),
    /** "Your daily check-in is at 21:00." */
    sayReady: emit(({ context }) => ({
      type: 'say' as const,
      text: { key: 'onboarding.ready', params: { time: context.profile.checkinTime } },
    })),
  };
}
