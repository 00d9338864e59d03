/**
 * The shape of every content file in `flows/content/`. The runtime validates each file with these
 * schemas at start-up (`src/content.ts`); a malformed file stops start-up naming the file and field.
 */
import { z } from 'zod';
import { modalitySchema } from '../history.js';
import { type EscalationTable, escalationTableSchema } from './escalation.js';
import { type ListeningContent, listeningContentSchema } from './listening.js';
import { type RiskLexicon, riskSchema } from './risk.js';
import { type RiskModel, riskModelSchema } from './riskModel.js';

export const stageIdSchema = z.enum(['acute', 'early', 'maintenance']);
/** Stage of withdrawal, from days since last use. */
export type StageId = z.infer<typeof stageIdSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const thresholdsSchema = z
  .object({
    stages: z
      .array(z.object({ id: stageIdSchema, maxDaysSinceUse: z.number().int().nonnegative().nullable() }))
      .length(3),
    adultAge: z.number().int().positive(),
    rising: z.object({
      atLeast: z.number().int().min(0).max(10),
      aboveMedian: z.number().int().min(1).max(10),
      medianWindow: z.number().int().min(1),
      risesInRow: z.number().int().min(1),
    }),
    phq2FullScreenAt: z.number().int().min(0).max(6),
    phq9Bands: z.array(z.object({ band: z.string(), from: z.number().int().min(0).max(27) })).min(1),
    phq9Referral: z.number().int().min(0).max(27),
    highCraving: z.object({
      before: z.number().int().min(0).max(10),
      afterStillAtLeast: z.number().int().min(0).max(10),
    }),
    missedCheckinsInRow: z.number().int().min(1),
    /**
     * One reminder this long after the daily check-in (docs/clinical-protocol.md#daily-check-in: two hours).
     */
    checkinReminderAfterMinutes: z.number().int().min(1).max(720),
    /**
     * A daily check-in that comes due during a rescue (craving rating, session offer, "how strong
     * now?") waits behind it, unless the patient has been silent this long: then the rescue is left
     * and the check-in starts. At the check-in's reminder a shorter silence is enough. A session
     * under way (15 minutes at most) is never left.
     */
    checkinBehindRescue: z.object({
      leaveWhenSilentMinutes: z.number().int().min(1).max(1440),
      atReminderLeaveWhenSilentMinutes: z.number().int().min(0).max(1440),
    }),
    worseningWeek: z.object({
      averageRiseAtLeast: z.number().positive(),
      minDays: z.number().int().min(1).max(7),
    }),
    night: z.object({
      fromHour: z.number().int().min(0).max(23),
      untilHour: z.number().int().min(0).max(23),
    }),
    pauseDays: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }),
    /** After chest pain, fainting or breathlessness, this long with seated sessions only. */
    restAfterRedFlagHours: z.number().int().min(0).max(168),
    /**
     * The direct question after words that may mean risk, unanswered this long: a `high` alert
     * (docs/safety.md#three-outcomes). The deployment's POSSIBLE_RISK_UNANSWERED_MINUTES overrides it.
     */
    possibleRiskUnansweredMinutes: z.number().positive().max(1440),
    /**
     * What the patient's record keeps for the rules that read it: the latest craving ratings (the
     * rising-craving rule reads the median window before the latest, or the rises in a row) and the
     * latest check-in days (the weekly trend compares this week with the last; streaks).
     */
    kept: z.object({
      cravingRatings: z.number().int().min(2).max(100),
      checkinDays: z.number().int().min(14).max(60),
    }),
    /** The age the heart-rate range is worked out for when the patient's is not known. */
    ageWhenUnknown: z.number().int().min(18).max(100),
    /** The most minutes of exercise one check-in takes as an answer ("since your last check-in"). */
    exerciseMinutesAtMost: z.number().int().min(30).max(1440),
    /** The daily check-in's time until the patient picks one (onboarding asks it). */
    defaultCheckinTime: hhmm,
  })
  .superRefine((t, ctx) => {
    const needed = Math.max(t.rising.medianWindow, t.rising.risesInRow) + 1;
    if (t.kept.cravingRatings < needed)
      ctx.addIssue({
        code: 'custom',
        path: ['kept', 'cravingRatings'],
        message: `keep at least ${needed} ratings: the rising-craving rule reads the latest and the ${needed - 1} before it; raise kept.cravingRatings or lower rising.medianWindow / rising.risesInRow`,
      });
  });
/** The clinical thresholds and program defaults (`thresholds.json`). */
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const screeningSchema = z.object({
  parq: z.array(z.string().min(1)).length(7),
  phq9: z.array(z.string().min(1)).length(9),
  phq2Items: z.literal(2),
  selfHarmItem: z.literal(9),
  checkinTimes: z.array(hhmm).min(1).max(6),
  timezones: z.array(z.string()).min(1).max(8),
});

const planSchema = z.object({
  frequency: z.string(),
  intensity: z.string(),
  minutes: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  types: z.array(z.string()).min(1),
  heartRate: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).nullable(),
});
export const prescriptionsSchema = z.object({
  hrMaxFromAge: z.number().int().positive(),
  plans: z.object({ acute: planSchema, early: planSchema, maintenance: planSchema, notCleared: planSchema }),
});
/** One FITT plan. */
export type Plan = z.infer<typeof planSchema>;

export const sessionSchema = z.object({
  id: z.string().regex(/^[a-z0-9]{1,16}$/),
  modality: modalitySchema,
  minutes: z.number().int().positive(),
  /** Allowed before PAR-Q+ clearance (light only). */
  light: z.boolean(),
  /** Done sitting or lying, no exertion (paced breathing): the only kind offered after a red flag. */
  seated: z.boolean().optional(),
  outdoors: z.boolean(),
  stages: z.array(stageIdSchema).min(1),
  steps: z.array(z.object({ key: z.string().min(1), seconds: z.number().int().nonnegative() })).min(1),
});
/** A guided rescue session from the catalogue. */
export type Session = z.infer<typeof sessionSchema>;
/** How sessions are ranked for an offer (see `ranking.$why` in sessions.json). */
export const sessionRankingSchema = z.object({
  perPointOfDrop: z.number().nonnegative(),
  likedModality: z.number().nonnegative(),
  tried: z.number().nonnegative(),
});
/** The weights that rank sessions for an offer. */
export type SessionRanking = z.infer<typeof sessionRankingSchema>;
export const sessionsSchema = z.object({
  ranking: sessionRankingSchema,
  sessions: z.array(sessionSchema).min(2),
});

/** The plans a program follows: a stage's, or the light plan until clearance. */
export const planIdSchema = z.enum(['acute', 'early', 'maintenance', 'notCleared']);
/** A plan id: a stage, or `notCleared` (a PAR-Q+ yes waiting for clearance). */
export type PlanId = z.infer<typeof planIdSchema>;
const perPlan = <T extends z.ZodType>(t: T) =>
  z.object({ acute: t, early: t, maintenance: t, notCleared: t });

const workoutFormBase = {
  id: z.string().regex(/^[a-z][a-z0-9]{1,15}$/),
  modality: modalitySchema,
  /** Allowed on a light plan (acute withdrawal, or before clearance). */
  light: z.boolean(),
  /** Only outdoors (left out at night and for a patient who prefers indoors). */
  outdoors: z.boolean(),
  stages: z.array(stageIdSchema).min(1),
};
/** A guided workout's form: steady aerobic blocks, a resistance circuit, or a mind-body flow. */
export const workoutFormSchema = z.discriminatedUnion('kind', [
  z.object({ ...workoutFormBase, kind: z.literal('steady'), blockMinutes: z.number().int().min(1).max(30) }),
  z.object({
    ...workoutFormBase,
    kind: z.literal('circuit'),
    exercises: z
      .array(z.string().regex(/^[a-z][A-Za-z0-9]{1,23}$/))
      .min(1)
      .max(10),
    workSeconds: z.number().int().min(10).max(300),
    restSeconds: z.number().int().min(0).max(300),
    roundRestSeconds: z.number().int().min(0).max(600),
    maxRounds: z.number().int().min(1).max(8),
  }),
  z.object({
    ...workoutFormBase,
    kind: z.literal('flow'),
    parts: z.number().int().min(1).max(8),
    roundMinutes: z.number().int().min(2).max(60),
    maxRounds: z.number().int().min(1).max(8),
  }),
]);
/** One workout form of the catalogue. */
export type WorkoutForm = z.infer<typeof workoutFormSchema>;

export const workoutsSchema = z
  .object({
    modalities: z.object({ aerobic: z.object({}), resistance: z.object({}), mindbody: z.object({}) }),
    rotation: perPlan(z.array(modalitySchema).min(1)),
    warmUp: z.object({
      minutes: z.number().int().min(1).max(15),
      shortMinutes: z.number().int().min(1).max(15),
      shortUnderMinutes: z.number().int().min(1).max(60),
    }),
    effort: z.object({
      options: z
        .array(
          z.object({ id: z.string().regex(/^[a-z][A-Za-z]{1,15}$/), borg: z.number().int().min(6).max(20) }),
        )
        .min(3)
        .max(7),
    }),
    forms: z.array(workoutFormSchema).min(3),
    commandWords: z.object({ en: z.array(z.string().min(1)), 'zh-CN': z.array(z.string().min(1)) }),
  })
  .superRefine((w, ctx) => {
    // Every kind a plan rotates through needs a form that plan may do.
    for (const [plan, kinds] of Object.entries(w.rotation)) {
      for (const kind of kinds) {
        const light = plan === 'notCleared';
        const stage = light ? 'acute' : (plan as StageId);
        const ok = w.forms.some(
          (f) => f.modality === kind && f.stages.includes(stage) && (!light || f.light),
        );
        if (!ok)
          ctx.addIssue({
            code: 'custom',
            path: ['rotation', plan],
            message: `no ${kind} form is allowed on the ${plan} plan; add one to "forms" or take ${kind} out`,
          });
      }
    }
  });

export const progressionSchema = z.object({
  stepMinutes: z.number().int().min(1).max(20),
  /** Workouts a week by a plan's `frequency` (its name in prescriptions.json): [fewest, most]. */
  workoutsPerWeek: z.record(
    z.string(),
    z.tuple([z.number().int().min(1).max(7), z.number().int().min(1).max(7)]),
  ),
  levels: perPlan(z.tuple([z.number().int().min(1).max(3), z.number().int().min(1).max(3)])),
  effortCeiling: perPlan(z.number().int().min(6).max(20)),
  stepUpWhenShareDoneAtLeast: z.number().min(0).max(1),
  milestoneWeeks: z.array(z.number().int().min(1).max(52)),
});

export const reassessmentSchema = z.object({
  phqEveryDays: z.number().int().min(7).max(90),
  phqRiseAlertAtLeast: z.number().int().min(1).max(27),
  parqEveryDays: z.number().int().min(14).max(365),
});

/**
 * A keyword phrase: a substring, where `…` may stand for a short gap within a clause (see
 * `flows/understanding/phrases.ts`). A gap needs words on both sides, or it would match anything.
 */
const phrase = z
  .string()
  .min(1)
  .refine((p) => p.trim() === p, 'no spaces at either end')
  .refine(
    (p) => p.split('…').every((piece) => piece.trim().length > 0),
    'a gap "…" needs words on both sides, one "…" at a time',
  );
const phraseLists = z.object({
  en: z.array(phrase),
  'zh-CN': z.array(phrase),
  /**
   * Everyday words that merely contain a phrase (今天不想活动 holds 不想活; "I used to run" holds
   * "i used"): blanked out of the text before this list is matched. Either language.
   */
  except: z.array(phrase).optional(),
});

export const phrasesSchema = z.object({
  selfHarm: phraseLists,
  redFlag: phraseLists,
  craving: phraseLists,
  /** A clear report of a use ("I relapsed", 复吸了): the lapse flow at once. */
  lapse: phraseLists,
  /**
   * Words that may tell of a use or of something else ("I used my bike", 今天用了跑步机): the
   * patient is asked first, and only a yes starts the lapse flow.
   */
  possibleLapse: phraseLists,
});

/** One command's words in each language (see `commands.json`). */
const commandWordsSchema = z.object({ en: z.array(phrase).min(1), 'zh-CN': z.array(phrase).min(1) });

/**
 * The words a patient may type instead of a slash command (`flows/content/commands.json`): a word
 * belongs to one command only, or typing it would be a coin toss.
 */
export const commandsSchema = z
  .object({ words: z.record(z.string().regex(/^[a-z]{1,16}$/), commandWordsSchema) })
  .superRefine((c, ctx) => {
    const owner = new Map<string, string>();
    for (const [name, lists] of Object.entries(c.words))
      for (const word of [...lists.en, ...lists['zh-CN']]) {
        const key = word.toLowerCase();
        const first = owner.get(key);
        if (first && first !== name)
          ctx.addIssue({
            code: 'custom',
            path: ['words', name],
            message: `"${word}" is a word of both /${first} and /${name}; keep it under one of them`,
          });
        owner.set(key, name);
      }
  });

/** What can raise an alert (docs/clinical-protocol.md#escalation; reason names in `escalation.json`). */
export type Trigger =
  | 'selfHarm'
  | 'phq9Item9'
  | 'medicalRedFlag'
  | 'highCravingAfterSession'
  | 'sessionDeclined'
  | 'lapse'
  | 'missedCheckins'
  | 'phq9High'
  | 'worseningWeek'
  | 'parqYes'
  | 'possibleRiskUnanswered'
  | 'thirdParty'
  | 'unreachable'
  // The exercise program (docs/program.md): a stage change, a PHQ rise at a re-assessment.
  | 'stageChange'
  | 'phqRise';

/** All content files, as validated at start-up. */
export interface FlowContent {
  thresholds: Thresholds;
  screening: z.infer<typeof screeningSchema>;
  prescriptions: z.infer<typeof prescriptionsSchema>;
  sessions: z.infer<typeof sessionsSchema>;
  phrases: z.infer<typeof phrasesSchema>;
  escalation: EscalationTable;
  /** The exercise program's workout catalogue, progression rules and re-assessment intervals. */
  workouts: z.infer<typeof workoutsSchema>;
  progression: z.infer<typeof progressionSchema>;
  reassessment: z.infer<typeof reassessmentSchema>;
  /** The risk reader's concept lexicons (`risk.json`, docs/safety.md). */
  risk: RiskLexicon;
  /** The words a patient may type instead of a slash command (`commands.json`). */
  commands: z.infer<typeof commandsSchema>;
  /** What Dongyu listens for in free text (`listening.json`). */
  listening: ListeningContent;
  /** The statistical net behind the risk rules (`riskModel.json`, docs/safety.md#the-statistical-net). */
  riskModel: RiskModel;
}

/** Which schema validates which file (name without `.json`). */
export const contentSchemas = {
  thresholds: thresholdsSchema,
  screening: screeningSchema,
  prescriptions: prescriptionsSchema,
  sessions: sessionsSchema,
  phrases: phrasesSchema,
  escalation: escalationTableSchema,
  workouts: workoutsSchema,
  progression: progressionSchema,
  reassessment: reassessmentSchema,
  risk: riskSchema,
  commands: commandsSchema,
  listening: listeningContentSchema,
  riskModel: riskModelSchema,
} as const;
