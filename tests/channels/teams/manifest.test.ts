/**
 * The Teams app's command menus (teams-app/manifest.json and its zh-cn.json) match Telegram's
 * (issue 23, menus per audience): the personal chat lists the patient commands (no `start`: the
 * app's install greets), team channels and group chats the counsellor commands with enrolment first,
 * in the same words as Telegram's menus without the slashes, in English and in Chinese. Teams shows
 * at most 10 commands a list, each described in at most 128 characters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATIENT_MENU_COMMANDS } from '../../../src/channels/teams/inbound.js';
import { COUNSELLOR_MENU, PATIENT_COMMANDS } from '../../../src/channels/telegram/commands.js';
import type { Locale } from '../../../src/engine/types.js';
import { I18n } from '../../../src/i18n.js';

const APP = join(import.meta.dirname, '..', '..', '..', 'teams-app');
const manifest = JSON.parse(readFileSync(join(APP, 'manifest.json'), 'utf8')) as {
  bots: { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
};
const zhCn = JSON.parse(readFileSync(join(APP, 'zh-cn.json'), 'utf8')) as Record<string, string>;
const i18n = new I18n();
const [personal, counsellors] = manifest.bots[0]!.commandLists;

/**
 * Teams shows at most 10 commands a list: enrolment, then the counsellor menu without `/intake`
 * (set once per chat), `/unassign` (said by `/assign`'s reply) and `help` (answered all the same).
 */
const TEAMS_COUNSELLOR_MENU = [
  'counsellor',
  ...COUNSELLOR_MENU.filter((c) => c !== 'intake' && c !== 'help' && c !== 'unassign'),
];

/** Telegram's words without the slash before a command (`e.g. /pause 3` → `e.g. pause 3`). */
const teamsWords = (text: string) => text.replace(/\/(?=[a-z])/g, '');

/** What each list's commands should say, in a language. */
function expected(locale: Locale): string[][] {
  return [
    PATIENT_COMMANDS.filter((c) => c !== 'start').map((c) =>
      teamsWords(i18n.t(locale, `telegram.commands.${c}`)),
    ),
    TEAMS_COUNSELLOR_MENU.map((c) =>
      c === 'counsellor'
        ? i18n.t(locale, 'teams.commands.counsellor')
        : teamsWords(i18n.t(locale, `telegram.counsellorCommands.${c}`)),
    ),
  ];
}

describe('the Teams command menus', () => {
  it('list the patient commands in personal chats and the counsellor ones in teams and group chats', () => {
    expect(personal!.scopes).toEqual(['personal']);
    expect(personal!.commands.map((c) => c.title)).toEqual(PATIENT_COMMANDS.filter((c) => c !== 'start'));
    expect(counsellors!.scopes).toEqual(['team', 'groupChat']);
    expect(counsellors!.commands.map((c) => c.title)).toEqual(TEAMS_COUNSELLOR_MENU);
  });

  it('every personal menu word is read as its command in a personal chat', () => {
    expect([...PATIENT_MENU_COMMANDS].sort()).toEqual(personal!.commands.map((c) => c.title).sort());
  });

  it('say what Telegram’s menus say, in English and in Chinese', () => {
    const [p, c] = expected('en');
    expect(personal!.commands.map((x) => x.description)).toEqual(p);
    expect(counsellors!.commands.map((x) => x.description)).toEqual(c);
    const zh = expected('zh-CN');
    for (const [i, list] of zh.entries())
      for (const [j, description] of list.entries())
        expect(zhCn[`bots[0].commandLists[${i}].commands[${j}].description`], `${i}.${j}`).toBe(description);
    const localised = Object.keys(zhCn).filter((k) => k.startsWith('bots[0].commandLists'));
    expect(localised).toHaveLength(zh[0]!.length + zh[1]!.length);
  });

  it('keep within Teams’ limits', () => {
    for (const list of [personal!, counsellors!]) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });
});
