/**
 * Commands typed the way people type them: the words in either language, a full-width slash or the
 * `、` a Chinese input method types for `/`, and the nearest command for a typo. Through the real
 * engine, in both languages; the readers themselves as tables.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  commandWord,
  editDistance,
  knownCommands,
  nearestCommand,
  slashCommand,
} from '../../../flows/understanding/commandWords.js';
import { loadContent } from '../../../src/content.js';
import type { Locale } from '../../../src/engine/types.js';
import { Harness, onboard } from '../../support/patientHarness.js';

const { commands } = loadContent();
let h: Harness;
afterEach(() => h?.close());

const text = (replies: { text: string }[]) => replies.map((m) => m.text).join('\n');

describe('command words, read as tables', () => {
  it.each([
    ['打卡', 'checkin', ''],
    ['打卡吧', 'checkin', ''],
    ['请帮我打卡一下', 'checkin', ''],
    ['check in', 'checkin', ''],
    ['Check-in!', 'checkin', ''],
    ['帮助', 'help', ''],
    ['help', 'help', ''],
    ['HELP please', 'help', ''],
    ['我的计划', 'plan', ''],
    ['my plan', 'plan', ''],
    ['進展', 'progress', ''],
    ['删除我的数据', 'delete', ''],
    ['delete my data', 'delete', ''],
    ['暂停', 'pause', ''],
    ['暂停一周', 'pause', '一周'],
    ['暂停打卡 3天', 'pause', '3天'],
    ['pause 3', 'pause', '3'],
    ['恢复打卡', 'resume', ''],
    ['时间', 'time', ''],
    ['时间 21:30', 'time', '21:30'],
    ['时区', 'timezone', ''],
    ['时区 香港', 'timezone', '香港'],
    ['time zone Asia/Singapore', 'timezone', 'asia/singapore'],
    ['语言', 'language', ''],
    ['language english', 'language', 'english'],
    ['渴求', 'craving', ''],
    ['渴求 8', 'craving', '8'],
  ])('%s → /%s %s', (typed, name, args) => expect(commandWord(typed, commands)).toEqual({ name, args }));

  it.each([
    '时间过得好慢',
    '我想用跑步机',
    '计划赶不上变化',
    'help me understand why I feel this way',
    'pauses',
    '用',
    'x'.repeat(4000),
    '<b>打卡</b> and more words that make this a sentence rather than a command',
  ])('%s is no command', (typed) => expect(commandWord(typed, commands)).toBeNull());

  it.each([
    ['/checkin', 'checkin', ''],
    ['／ｃｈｅｃｋｉｎ', 'checkin', ''],
    ['／checkin', 'checkin', ''],
    ['、checkin', 'checkin', ''],
    ['/ checkin', 'checkin', ''],
    ['/pause 3', 'pause', '3'],
    ['/Help@dongyu_bot', 'help', ''],
    ['/打卡', 'checkin', ''],
    ['／帮助', 'help', ''],
    ['/chekin', 'chekin', ''],
  ])('%s → /%s %s', (typed, name, args) => expect(slashCommand(typed, commands)).toEqual({ name, args }));

  it.each(['、我不知道', '我/你', 'checkin', '/ 你好呀'])('%s is no slash command', (typed) =>
    expect(slashCommand(typed, commands)).toBeNull(),
  );

  const known = knownCommands(commands);
  it.each([
    ['chekin', 'checkin'],
    ['checkn', 'checkin'],
    ['chcekin', 'checkin'],
    ['hlep', 'help'],
    ['progres', 'progress'],
    ['prog', 'progress'],
    ['timezon', 'timezone'],
    ['lanugage', 'language'],
    ['cravign', 'craving'],
    ['deleet', 'delete'],
    ['strat', 'start'],
  ])('/%s → did you mean /%s?', (typed, meant) => expect(nearestCommand(typed, known)).toBe(meant));

  it.each(['frobnicate', 'x', 'zz', 'checkin', 'x'.repeat(80)])('/%s suggests nothing', (typed) =>
    expect(nearestCommand(typed, known)).toBeNull(),
  );

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('chekcin', 'checkin')).toBe(1);
    expect(editDistance('', 'help')).toBe(4);
  });

  it('refuses a word that belongs to two commands', async () => {
    const { commandsSchema } = await import('../../../flows/content/schema.js');
    const clash = commandsSchema.safeParse({
      words: { plan: { en: ['plan'], 'zh-CN': ['计划'] }, help: { en: ['Plan'], 'zh-CN': ['帮助'] } },
    });
    expect(clash.success).toBe(false);
    expect(clash.error?.issues[0]?.message).toMatch(/"Plan" is a word of both \/plan and \/help/);
  });
});

describe('command words through the engine', () => {
  const cases: [Locale, string, string][] = [
    ['zh-CN', '打卡', 'checkin.intro'],
    ['en', 'check in', 'checkin.intro'],
    ['zh-CN', '／checkin', 'checkin.intro'],
    ['zh-CN', '、checkin', 'checkin.intro'],
    ['zh-CN', '帮助', 'help.patient'],
    ['en', 'help', 'help.patient'],
    ['zh-CN', '删除我的数据', 'delete.confirm'],
    ['en', 'delete my data', 'delete.confirm'],
  ];
  it.each(cases)('(%s) %s opens what the command opens', async (locale, typed, key) => {
    h = await Harness.create();
    const p = h.patient(`words-${locale}-${typed}`, locale);
    await onboard(p, { zh: locale === 'zh-CN' });
    const reply = text(await p.say(typed));
    // The help's crisis lines are filled in; only its first line is compared.
    expect(reply).toContain(h.t(locale, key).split('\n')[0]);
    expect(reply).not.toContain(h.t(locale, 'common.freeText'));
  });

  it.each([
    ['zh-CN', '我的计划'],
    ['en', 'my plan'],
  ] as const)('(%s) %s shows the plan', async (locale, typed) => {
    h = await Harness.create();
    const p = h.patient(`plan-${locale}`, locale);
    await onboard(p, { zh: locale === 'zh-CN' });
    const viaCommand = text(await p.command('plan'));
    expect(text(await p.say(typed))).toBe(viaCommand);
  });

  it.each([
    ['zh-CN', '暂停一周', 7],
    ['en', 'pause 3', 3],
  ] as const)('(%s) %s pauses for the days said', async (locale, typed, days) => {
    h = await Harness.create();
    const p = h.patient(`pause-${locale}`, locale);
    await onboard(p, { zh: locale === 'zh-CN' });
    expect(text(await p.say(typed))).toContain(h.t(locale, 'pause.done', { days }));
  });

  it.each([
    ['en', { kind: 'command', name: 'chekin', args: '' }],
    ['zh-CN', { kind: 'text', text: '/chekin' }],
    ['zh-CN', { kind: 'text', text: '／chekin' }],
  ] as const)('(%s) a typo %o: did you mean /checkin?', async (locale, message) => {
    h = await Harness.create();
    const p = h.patient(`typo-${locale}-${message.kind}`, locale);
    await onboard(p, { zh: locale === 'zh-CN' });
    const reply = text(await p.send(message));
    expect(reply).toContain(h.t(locale, 'common.didYouMean', { command: 'checkin' }));
    expect(reply).not.toContain(h.t(locale, 'common.unknownCommand'));
  });

  it('an unknown command with nothing near says where to see them all', async () => {
    h = await Harness.create();
    const p = h.patient('unknown-far', 'zh-CN');
    await onboard(p, { zh: true });
    expect(text(await p.command('frobnicate'))).toContain(h.t('zh-CN', 'common.unknownCommand'));
  });

  it('a word that answers the question asked is its answer, not a command', async () => {
    h = await Harness.create();
    const p = h.patient('answer-first', 'zh-CN');
    await onboard(p, { zh: true });
    await p.command('checkin');
    // 时间 is no rating: the question stays; 7 is the answer.
    expect(text(await p.say('7'))).toContain(h.t('zh-CN', 'checkin.peak', { i: 2, n: 6 }));
  });

  it('while setting up, a command word is answered as its command is', async () => {
    h = await Harness.create();
    const p = h.patient('setup-words', 'zh-CN');
    await p.send({ kind: 'hello' });
    const reply = text(await p.say('打卡'));
    expect(reply).toContain(h.t('zh-CN', 'common.afterSetup'));
  });
});
