import { describe, expect, it } from 'vitest';
import { levelFor, triggerFor } from '../../flows/content/escalation.js';
import {
  EscalationContentError,
  escalationTable,
  parseEscalationTable,
} from '../../src/escalation/escalationTable.js';
import { I18n, placeholders } from '../../src/i18n.js';

// docs/clinical-protocol.md#escalation: trigger → level.
const CLINICAL_TABLE = [
  ['selfHarm', 'urgent'],
  // docs/safety.md#three-outcomes: the direct question left unanswered; someone else at risk.
  ['possibleRiskUnanswered', 'high'],
  ['thirdParty', 'high'],
  ['phq9Item9', 'urgent'],
  ['medicalRedFlag', 'urgent'],
  ['highCravingAfterSession', 'high'],
  ['sessionDeclined', 'high'],
  ['lapse', 'high'],
  ['missedCheckins', 'routine'],
  ['phq9High', 'routine'],
  ['worseningWeek', 'routine'],
  ['parqYes', 'routine'],
  // docs/counsellors.md#unreachable-patients: the platform refuses the bot's messages to them.
  ['unreachable', 'routine'],
] as const;

describe('the escalation table (flows/content/escalation.json)', () => {
  it.each(CLINICAL_TABLE)('%s is %s', (reason, level) => {
    expect(triggerFor(reason, escalationTable())?.level).toBe(level);
    expect(levelFor(`alerts.reason.${reason}`, 'routine', escalationTable())).toBe(level);
  });

  it('has exactly the rows of the clinical protocol', () => {
    expect(escalationTable().triggers.map((t) => [t.reason, t.level])).toEqual(
      CLINICAL_TABLE.map((r) => [...r]),
    );
  });

  it('urgent repeats until acknowledged, high re-alerts once, routine goes to the digest', () => {
    const { levels } = escalationTable();
    expect(levels.urgent).toMatchObject({
      delivery: 'immediate',
      realert: 'repeat',
      realertMinutesConfig: 'URGENT_REALERT_MINUTES',
    });
    expect(levels.high).toMatchObject({
      delivery: 'immediate',
      realert: 'once',
      realertMinutesConfig: 'HIGH_REALERT_MINUTES',
    });
    expect(levels.routine).toMatchObject({ delivery: 'digest', realert: 'none' });
    expect([levels.urgent.icon, levels.high.icon, levels.routine.icon]).toEqual(['🔴', '🟠', '🟡']);
  });

  it('keeps an unknown reason at the level it was raised with', () => {
    expect(levelFor('somethingNew', 'high', escalationTable())).toBe('high');
  });

  it('has a reason and a "told the patient" summary for every trigger, in both languages', () => {
    const i18n = new I18n();
    for (const { reason } of escalationTable().triggers) {
      for (const key of [`alerts.reason.${reason}`, `alerts.told.${reason}`]) {
        const en = i18n.template('en', key);
        const zh = i18n.template('zh-CN', key);
        expect(en, key).toBeTruthy();
        expect(zh, key).toBeTruthy();
        expect(placeholders(zh!), key).toEqual(placeholders(en!));
      }
    }
  });

  it('names the file and the field when the table is malformed', () => {
    const bad = JSON.stringify({
      ...escalationTable(),
      triggers: [{ reason: 'selfHarm', level: 'severe', when: 'x', patientGets: 'y' }],
    });
    expect(() => parseEscalationTable(bad, 'escalation.json')).toThrowError(EscalationContentError);
    expect(() => parseEscalationTable(bad, 'escalation.json')).toThrowError(
      /escalation\.json[\s\S]*triggers\.0\.level/,
    );
    const dup = JSON.stringify({
      ...escalationTable(),
      triggers: [...escalationTable().triggers, escalationTable().triggers[0]],
    });
    expect(() => parseEscalationTable(dup)).toThrowError(/duplicate reason selfHarm/);
    expect(() => parseEscalationTable('{', 'x.json')).toThrowError(/x\.json is not a valid escalation table/);
  });
});

describe('the alerts catalogue', () => {
  it('has every key in both languages with the same placeholders and no stigmatising words', () => {
    const i18n = new I18n();
    const en = i18n.keys('en').filter((k) => k.startsWith('alerts.'));
    const zh = i18n.keys('zh-CN').filter((k) => k.startsWith('alerts.'));
    expect([...zh].sort()).toEqual([...en].sort());
    for (const key of en) {
      expect(placeholders(i18n.template('zh-CN', key)!), key).toEqual(
        placeholders(i18n.template('en', key)!),
      );
      const text = `${i18n.template('en', key)} ${i18n.template('zh-CN', key)}`;
      expect(text).not.toMatch(/addict|junkie|瘾君子|吸毒者/i);
    }
  });
});
