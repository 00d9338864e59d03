/**
 * The locale keys the exercise program says (docs/program.md), with the params the flows fill in:
 * those written literally in flows/machine (program.ts, programNews.ts, reassessment.ts,
 * workout.ts) and those that follow from flows/content/workouts.json, prescriptions.json and the
 * day presets. For tests/locales/parity.test.ts.
 */
import { DAY_PRESETS } from '../../flows/machine/programRules.js';
import { loadContent } from '../../src/content.js';

const content = loadContent();
const STEP = ['step', 'steps'];
const WEEK = ['cue', 'done', 'minutes', 'planned'];
const DOSE = ['cue', 'days', 'minutes'];
const OFFER = ['cue', 'minutes', 'modality', 'purpose'];

/** Keys written literally in the program's machine files, and their params. */
const LITERAL: Record<string, string[]> = {
  'program.resting': [],
  'program.days.ask': ['max', 'min'],
  'program.days.daily': [],
  'common.invalid.workoutDays': ['max', 'min'],
  'program.offer.laterButton': [],
  'program.offer.skipButton': [],
  'program.offer.skipped': [],
  'program.offer.later': [],
  'program.week.top': WEEK,
  'program.told.stageChange': [],
  'program.told.phqRise': [],
  'program.milestone': ['from', 'to', 'week', 'workouts'],
  'program.milestoneKept': ['from', 'to', 'week', 'workouts'],
  'program.phq.intro': [],
  'program.phq.result': ['max', 'mood', 'score'],
  'program.phq.toldCounsellor': [],
  'program.parq.intro': [],
  'program.parq.introRedFlag': [],
  'program.parq.clear': [],
  'program.parq.lightOnly': [],
  'workout.already': [],
  'workout.before': ['form', 'minutes'],
  'workout.stopped': [],
  'workout.stoppedForSafety': [],
  'workout.effort': [],
  'workout.after': [],
  'workout.done': ['after', 'before', 'form', 'minutes'],
  'workout.donePart': ['after', 'before', 'form', 'minutes'],
  'workout.felt.hard': [],
  'workout.rising': [],
};

/** Every key the program says, with its params. */
export function programKeys(): Map<string, string[]> {
  const keys = new Map<string, string[]>(Object.entries(LITERAL));
  for (const plan of Object.keys(content.prescriptions.plans))
    keys.set(`program.intro.${plan}`, ['cue', 'minutes']);
  for (const { id } of content.thresholds.stages) {
    keys.set(`program.stage.${id}`, DOSE);
    keys.set(`program.stage.restart.${id}`, DOSE);
  }
  for (const k of [
    'up.minutes',
    'up.level',
    'hold.missed',
    'hold.effort',
    'hold.redFlag',
    'hold.none',
    'back.minutes',
    'back.level',
  ])
    keys.set(`program.week.${k}`, WEEK);
  for (let n = 1; n <= 7; n++) {
    keys.set(`program.weekday.${n}`, []);
    keys.set(`program.days.chosen.${n}`, n === 7 ? [] : Array.from({ length: n }, (_, i) => `d${i + 1}`));
  }
  for (const p of DAY_PRESETS) keys.set(`program.days.preset.${p}`, []);
  for (let n = 1; n <= 7; n++)
    keys.set(`program.planLine.days${n}`, [
      'cue',
      'minutes',
      ...Array.from({ length: n }, (_, i) => `d${i + 1}`),
    ]);
  keys.set('program.planLine.daily', ['cue', 'minutes']);
  keys.set('program.planLine.noDays', ['cue', 'minutes']);
  for (const kind of ['today', 'extra', 'again']) keys.set(`program.offer.${kind}`, OFFER);
  for (const o of content.workouts.effort.options) keys.set(`workout.effortOption.${o.id}`, []);
  for (const [k, params] of Object.entries(STEP_KEYS)) keys.set(k, [...params, ...STEP].sort());
  for (const k of atKeys()) keys.set(k, []);
  for (const f of content.workouts.forms) {
    keys.set(`workouts.form.${f.id}.label`, []);
    if (f.kind === 'flow')
      for (let i = 1; i <= f.parts; i++)
        keys.set(`workouts.${f.id}.part${i}`, ['cue', 'round', 'rounds', ...STEP]);
  }
  return keys;
}

/** The workout steps' keys and their own params (besides step and steps). */
const STEP_KEYS: Record<string, string[]> = {
  'workouts.steady.warmUp': ['form', 'minutes'],
  'workouts.steady.block': ['block', 'blocks', 'cue', 'form', 'minutes'],
  'workouts.steady.coolDown': ['minutes'],
  'workouts.circuit.warmUp': ['form', 'minutes'],
  'workouts.circuit.exercise': ['exercise', 'rest', 'round', 'rounds'],
  'workouts.circuit.lastExercise': ['exercise', 'rest', 'round', 'rounds'],
  'workouts.circuit.finisher': ['cue', 'minutes'],
  'workouts.circuit.coolDown': ['minutes'],
  'workouts.flow.warmUp': ['form', 'minutes'],
  'workouts.flow.coolDown': ['minutes'],
};

/** Keys the program passes as `@` params: they must hold no placeholders. */
export function atKeys(): string[] {
  const keys = [1, 2, 3].map((l) => `workouts.cue.level${l}`);
  for (const m of ['aerobic', 'resistance', 'mindbody'])
    keys.push(`workouts.modality.${m}.name`, `workouts.modality.${m}.purpose`);
  for (const f of content.workouts.forms) {
    keys.push(`workouts.form.${f.id}.name`);
    if (f.kind === 'circuit')
      for (const ex of f.exercises) for (const l of [1, 2, 3]) keys.push(`workouts.exercise.${ex}.level${l}`);
    if (f.kind === 'flow') for (const l of [1, 2, 3]) keys.push(`workouts.${f.id}.level${l}`);
  }
  for (let n = 1; n <= 7; n++) keys.push(`program.weekday.${n}`);
  return keys;
}
