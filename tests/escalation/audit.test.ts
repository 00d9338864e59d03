/**
 * `/audit` (issue 23): the audit log read back in a counsellor chat, in its language: one patient's
 * entries (`/audit CODE`) or the chat's own actions (`/audit`), newest first, ten to a page with
 * the command for the next; never a name or a platform id.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE, parseAuditArgs } from '../../src/escalation/auditCommands.js';
import { CONFIG_GROUP, harness, TEAMS_CHANNEL, texts } from './harness.js';

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const audit = (args = '') => ({ kind: 'command' as const, name: 'audit', args });

describe('/audit CODE', () => {
  it('shows a patient’s entries newest first, in the chat’s language', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'alerts.reason.selfHarm', 'urgent'));
    const [alert] = await h.store.listAlerts({ patientId: PATIENT.patientId });
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'ack', args: alert!.id });
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'reply', args: 'P-7F3K 你好' });
    await h.counsellor(CONFIG_GROUP, audit('p-7f3k'));
    const shown = texts(h, CONFIG_GROUP).at(-1)!;
    const lines = shown.split('\n');
    expect(lines[0]).toBe(h.i18n.t('zh-CN', 'alerts.audit.headerPatient', { code: 'P-7F3K', page: 1 }));
    expect(lines.slice(1).map((l) => l.split(' · ').slice(1))).toEqual([
      [
        h.i18n.t('zh-CN', 'alerts.audit.kind.relay', { chars: 2 }),
        h.i18n.t('zh-CN', 'alerts.audit.who.thisChat'),
      ],
      [
        h.i18n.t('zh-CN', 'alerts.audit.kind.ack', { id: alert!.id }),
        h.i18n.t('zh-CN', 'alerts.audit.who.thisChat'),
      ],
      [expect.stringContaining('紧急'), h.i18n.t('zh-CN', 'alerts.audit.who.system')],
    ]);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · /);
    expect(shown).not.toContain('李医生');
    expect(shown).not.toContain('501');
  });

  it('pages ten at a time, with the command for the next page', async () => {
    const h = await harness({ DEFAULT_LOCALE: 'en' });
    await h.addPatient(PATIENT);
    for (let i = 0; i < AUDIT_PAGE + 3; i++) {
      h.clock.advance(60_000);
      await h.counsellor(CONFIG_GROUP, {
        kind: 'command',
        name: 'reply',
        args: `P-7F3K ${'x'.repeat(i + 1)}`,
      });
    }
    await h.counsellor(CONFIG_GROUP, audit('P-7F3K'));
    const first = texts(h, CONFIG_GROUP).at(-1)!.split('\n');
    expect(first).toHaveLength(1 + AUDIT_PAGE + 1);
    expect(first[1]).toContain(h.i18n.t('en', 'alerts.audit.kind.relay', { chars: AUDIT_PAGE + 3 }));
    expect(first.at(-1)).toBe(h.i18n.t('en', 'alerts.audit.more', { next: '/audit P-7F3K 2' }));
    await h.counsellor(CONFIG_GROUP, audit('P-7F3K 2'));
    const second = texts(h, CONFIG_GROUP).at(-1)!.split('\n');
    expect(second.slice(1).map((l) => l.split(' · ')[1])).toEqual(
      [3, 2, 1].map((chars) => h.i18n.t('en', 'alerts.audit.kind.relay', { chars })),
    );
  });

  it('says so when there is nothing, and how to ask when the question cannot be read', async () => {
    const h = await harness({ DEFAULT_LOCALE: 'en' });
    await h.counsellor(CONFIG_GROUP, audit('P-NONE'));
    expect(texts(h, CONFIG_GROUP).at(-1)).toBe(
      h.i18n.t('en', 'alerts.audit.nonePatient', { code: 'P-NONE', page: 1 }),
    );
    await h.counsellor(CONFIG_GROUP, audit('P-7F3K 2 3'));
    expect(texts(h, CONFIG_GROUP).at(-1)).toBe(h.i18n.t('en', 'alerts.audit.usage'));
  });
});

describe('/audit', () => {
  it('shows the chat’s own actions only, each with its patient', async () => {
    const h = await harness({ DEFAULT_LOCALE: 'en' });
    await h.addPatient(PATIENT);
    await h.enrolTeams();
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'reply', args: 'P-7F3K hi' });
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'clear', args: 'P-7F3K' });
    await h.counsellor(CONFIG_GROUP, audit());
    const lines = texts(h, CONFIG_GROUP).at(-1)!.split('\n');
    expect(lines[0]).toBe(h.i18n.t('en', 'alerts.audit.headerChat', { page: 1 }));
    expect(lines.slice(1).map((l) => l.split(' · ').slice(1))).toEqual([
      ['P-7F3K', h.i18n.t('en', 'alerts.audit.kind.relay', { chars: 2 })],
    ]);
  });
});

describe('reading /audit’s arguments', () => {
  it.each([
    ['', { page: 1 }],
    ['3', { page: 3 }],
    ['p-7f3k', { code: 'P-7F3K', page: 1 }],
    ['P-7F3K 2', { code: 'P-7F3K', page: 2 }],
    ['2 P-7F3K', { code: 'P-7F3K', page: 2 }],
    ['P-7F3K P-8G4L', null],
    ['0', { code: '0', page: 1 }],
  ])('%j', (args, expected) => {
    expect(parseAuditArgs(args)).toEqual(expected);
  });
});
