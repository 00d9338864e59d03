/**
 * Locale catalogues: both languages carry the same keys with the same placeholders, no text uses a
 * stigmatising word, and every key the patient flows can say exists (built from flows/content and
 * the keys written in flows/machine and the turn engine).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRISIS_REGIONS } from '../../flows/rules/crisisRegion.js';
import { placeholders, readCatalogue } from '../../src/i18n.js';
import { LISTENING_PARAMS } from './listeningKeys.js';
import { atKeys as programAtKeys, programKeys } from './programKeys.js';

const root = join(import.meta.dirname, '..', '..');
const localesDir = join(root, 'locales');
const en = readCatalogue(localesDir, 'en');
const zh = readCatalogue(localesDir, 'zh-CN');
const catalogues = { en, 'zh-CN': zh } as const;

const content = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, 'flows', 'content', `${name}.json`), 'utf8'));
const sessions = content('sessions') as { sessions: { id: string; steps: { key: string }[] }[] };
const screening = content('screening') as { parq: string[]; phq9: string[]; timezones: string[] };
const thresholds = content('thresholds') as {
  stages: { id: string }[];
  phq9Bands: { band: string }[];
};
const prescriptions = content('prescriptions') as { plans: Record<string, unknown> };

const set = (template: string) => [...new Set(placeholders(template))].sort();

/** Crisis-number regions. */
const REGIONS = CRISIS_REGIONS;

/** Keys written literally in flows/machine/*.ts and src/engine/turnEngine.ts. */
const STATIC_KEYS = [
  'common.n',
  'common.raw',
  'common.yes',
  'common.no',
  'common.stale',
  'common.staleNoQuestion',
  'settings.changed',
  'settings.timePrompt',
  'common.unsupported',
  'common.forwarded',
  'common.edited',
  'common.unknownCommand',
  'common.freeText',
  'common.welcomeBack',
  'common.afterSetup',
  'common.recovered',
  'common.noChart',
  'common.invalid.range',
  'common.invalid.yesno',
  'common.invalid.choice',
  'common.invalid.text',
  'common.invalid.time',
  'common.invalid.zone',
  'common.invalid.daysAgo',
  'common.invalid.zoneOffset',
  'onboarding.welcome',
  'onboarding.continueAfterCrisis',
  'onboarding.rising',
  'onboarding.consent',
  'onboarding.consented',
  'onboarding.declined',
  'onboarding.ready',
  'screening.age',
  'screening.underage',
  'screening.parqIntro',
  'screening.parqLightOnly',
  'screening.lastUse',
  'screening.craving',
  'screening.phqIntro',
  'screening.phq9Intro',
  'screening.phqOption.0',
  'screening.phqOption.1',
  'screening.phqOption.2',
  'screening.phqOption.3',
  'screening.activity',
  'screening.likes',
  'screening.likesOption.mindbody',
  'screening.likesOption.aerobic',
  'screening.likesOption.resistance',
  'screening.likesOption.all',
  'screening.setting',
  'screening.settingOption.indoors',
  'screening.settingOption.outdoors',
  'screening.settingOption.either',
  'screening.checkinTime',
  'screening.timezone',
  'screening.shareName',
  'screening.told.lightOnly',
  'screening.told.phqHigh',
  'assessment.summary',
  'assessment.cleared',
  'assessment.clearedByCounsellor',
  'assessment.notCleared',
  'assessment.phq2.low',
  'assessment.phq2.high',
  'checkin.intro',
  'checkin.reminderIntro',
  'checkin.resume',
  'checkin.reminder',
  'checkin.craving',
  'checkin.peak',
  'checkin.mood',
  'checkin.sleep',
  'checkin.sleepOption.poor',
  'checkin.sleepOption.ok',
  'checkin.sleepOption.good',
  'checkin.exercise',
  'checkin.exerciseOption.0',
  'checkin.exerciseOption.10',
  'checkin.exerciseOption.20',
  'checkin.exerciseOption.30',
  'checkin.exerciseType',
  'checkin.modality.aerobic',
  'checkin.modality.resistance',
  'checkin.modality.mindbody',
  'checkin.use',
  'checkin.thanks',
  'checkin.thanksFirst',
  'checkin.rising',
  'checkin.missedNudge',
  'checkin.worseningNudge',
  'checkin.told.nudge',
  'craving.thanks',
  'craving.howStrong',
  'craving.duringSetup',
  'offer.prompt',
  'offer.strong',
  'offer.notNow',
  'offer.declined',
  'offer.declinedTold',
  'offer.leftTold',
  'offer.told.declined',
  'session.next',
  'session.done',
  'session.stop',
  'session.unwell',
  'session.stopped',
  'session.stoppedForSafety',
  'session.after',
  'session.result.better',
  'session.result.betterStillHigh',
  'session.result.same',
  'session.result.worse',
  'session.result.worseOfferAgain',
  'session.toldCounsellor',
  'session.told.stillHigh',
  'lapse.support',
  'lapse.duringSetup',
  'lapse.told',
  'safety.crisis',
  'safety.continuePrompt',
  'safety.continue',
  'safety.heard',
  'safety.riskCheck.ask',
  'safety.riskCheck.no',
  'safety.told.riskCheck',
  'safety.thirdParty',
  'safety.told.thirdParty',
  'safety.redFlag',
  'safety.healthWorry',
  'lapse.duringSetupTold',
  'lapse.toldDuringSetup',
  'lapse.confirm',
  'lapse.notUse',
  'safety.told.crisis',
  'safety.told.redFlag',
  'delete.confirm',
  'delete.done',
  'delete.kept',
  'language.prompt',
  'language.zh',
  'language.en',
  'language.changed',
  'pause.howLong',
  'pause.done',
  'pause.resumed',
  'help.patient',
  'clearance.granted',
  ...Object.keys(LISTENING_PARAMS),
];

/** Keys that follow from the content files, with the placeholders the flows fill in for them. */
function contentKeys(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const s of sessions.sessions) {
    keys.set(`sessions.${s.id}.label`, []);
    keys.set(`sessions.${s.id}.name`, []);
    for (const step of s.steps) keys.set(`sessions.${step.key}`, ['step', 'steps']);
  }
  for (const id of screening.parq) keys.set(`screening.parq.${id}`, ['i', 'n']);
  for (const id of screening.phq9) keys.set(`screening.phq.${id}`, ['i', 'n']);
  for (const tz of screening.timezones) keys.set(`screening.tz.${tz.replace('/', '_')}`, []);
  for (const { id } of thresholds.stages) {
    keys.set(`stage.${id}`, []);
    keys.set(`screening.stage.${id}`, ['days']);
  }
  for (const { band } of thresholds.phq9Bands) keys.set(`assessment.phq9.${band}`, []);
  for (const id of Object.keys(prescriptions.plans))
    keys.set(`plan.${id}`, ['hrHigh', 'hrLow', 'max', 'min']);
  for (const r of REGIONS) {
    keys.set(`safety.numbers.${r}`, []);
    keys.set(`safety.emergency.${r}`, []);
  }
  return keys;
}

/** The params each static key is given by the flows (keys not listed get none). */
const STATIC_PARAMS: Record<string, string[]> = {
  'common.n': ['n'],
  'common.raw': ['text'],
  'common.invalid.range': ['max', 'min'],
  'common.invalid.yesno': ['max', 'min'],
  'common.invalid.choice': ['max', 'min'],
  'common.invalid.text': ['max', 'min'],
  'onboarding.ready': ['time'],
  'screening.underage': ['age'],
  'screening.timezone': ['current'],
  'assessment.summary': ['activeDays', 'clearance', 'craving', 'days', 'max', 'mood', 'score', 'stage'],
  'checkin.craving': ['i', 'n'],
  'checkin.peak': ['i', 'n'],
  'checkin.mood': ['i', 'n'],
  'checkin.sleep': ['i', 'n'],
  'checkin.exercise': ['i', 'n'],
  'checkin.use': ['i', 'n'],
  'checkin.thanks': ['minutes', 'streak'],
  'checkin.thanksFirst': ['minutes'],
  'offer.prompt': ['before'],
  'offer.strong': ['before'],
  'session.result.better': ['after', 'before', 'session'],
  'session.result.betterStillHigh': ['after', 'before', 'session'],
  'session.result.same': ['after', 'before', 'session'],
  'session.result.worse': ['after', 'before', 'session'],
  'session.result.worseOfferAgain': ['after', 'before', 'session'],
  'safety.crisis': ['numbers'],
  'safety.thirdParty': ['numbers'],
  'safety.redFlag': ['numbers'],
  'safety.healthWorry': ['numbers'],
  'help.patient': ['numbers'],
  'pause.howLong': ['max', 'min'],
  'pause.done': ['days'],
  'settings.changed': ['time', 'timezone'],
  ...LISTENING_PARAMS,
};

const BANNED = /addict|junkie|瘾君子|吸毒/i;

describe('locale catalogues', () => {
  it('have the same namespace files in both languages', () => {
    const files = (l: string) => readdirSync(join(localesDir, l)).filter((f) => f.endsWith('.json'));
    expect(files('zh-CN').sort()).toEqual(files('en').sort());
  });

  it('have every English key in Chinese and every Chinese key in English', () => {
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it('use the same placeholders for a key in both languages', () => {
    const mismatched = [...en.keys()]
      .filter((k) => zh.has(k))
      .filter((k) => set(en.get(k)!).join() !== set(zh.get(k)!).join());
    expect(mismatched).toEqual([]);
  });

  it('use no stigmatising words in any text', () => {
    for (const [locale, cat] of Object.entries(catalogues)) {
      const found = [...cat.entries()].filter(([, v]) => BANNED.test(v)).map(([k]) => `${locale} ${k}`);
      expect(found).toEqual([]);
    }
  });

  it('leave no text empty', () => {
    for (const [locale, cat] of Object.entries(catalogues)) {
      expect([...cat.entries()].filter(([, v]) => !v.trim()).map(([k]) => `${locale} ${k}`)).toEqual([]);
    }
  });
});

describe('keys the patient flows use', () => {
  const needed = new Map<string, string[]>([
    ...STATIC_KEYS.map((k): [string, string[]] => [k, STATIC_PARAMS[k] ?? []]),
    ...contentKeys(),
    // The exercise program (docs/program.md).
    ...programKeys(),
  ]);

  it('all exist in both languages', () => {
    for (const [locale, cat] of Object.entries(catalogues)) {
      const missing = [...needed.keys()].filter((k) => !cat.has(k)).map((k) => `${locale} ${k}`);
      expect(missing).toEqual([]);
    }
  });

  it('only use placeholders the flows fill in', () => {
    for (const [locale, cat] of Object.entries(catalogues)) {
      const unfilled = [...needed]
        .filter(([k]) => cat.has(k))
        .flatMap(([k, params]) =>
          set(cat.get(k)!)
            .filter((p) => !params.includes(p))
            .map((p) => `${locale} ${k} {${p}}`),
        );
      expect(unfilled).toEqual([]);
    }
  });

  it('include every literal key written in flows/machine and the turn engine', () => {
    const sources = [
      ...readdirSync(join(root, 'flows', 'machine'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(root, 'flows', 'machine', f)),
      join(root, 'src', 'engine', 'turnEngine.ts'),
    ];
    const namespaces = new Set([...en.keys()].map((k) => k.split('.')[0]!));
    const literals = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'([a-zA-Z]+(?:\.[A-Za-z0-9_]+)+)'/g)].map((m) => m[1]!),
    );
    const keys = literals.filter((k) => namespaces.has(k.split('.')[0]!) && !/\.(ts|js|json)$/.test(k));
    expect(keys.length).toBeGreaterThan(50);
    const known = (k: string) => [...en.keys()].some((e) => e === k || e.startsWith(`${k}.`));
    expect(keys.filter((k) => !known(k))).toEqual([]);
    // The hard-coded list above keeps up with the code: every full key literal is listed.
    const full = keys.filter((k) => en.has(k));
    expect(full.filter((k) => !needed.has(k))).toEqual([]);
  });

  it('pass translatable words (`@key`) only to keys without placeholders', () => {
    const atKeys = [
      ...thresholds.stages.map((s) => `stage.${s.id}`),
      ...thresholds.phq9Bands.map((b) => `assessment.phq9.${b.band}`),
      'assessment.phq2.low',
      'assessment.phq2.high',
      'assessment.cleared',
      'assessment.clearedByCounsellor',
      'assessment.notCleared',
      ...sessions.sessions.map((s) => `sessions.${s.id}.name`),
      ...REGIONS.flatMap((r) => [`safety.numbers.${r}`, `safety.emergency.${r}`]),
      ...programAtKeys(),
    ];
    for (const [locale, cat] of Object.entries(catalogues)) {
      expect(atKeys.filter((k) => set(cat.get(k) ?? '').length > 0).map((k) => `${locale} ${k}`)).toEqual([]);
    }
  });

  it('end each session with how to finish it', () => {
    for (const s of sessions.sessions) {
      const last = s.steps.at(-1)!.key;
      expect(en.get(`sessions.${last}`), last).toMatch(/Tap Done when you're finished\.$/);
      expect(zh.get(`sessions.${last}`), last).toContain(zh.get('session.done'));
    }
  });
});
