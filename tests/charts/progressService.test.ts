import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/charts/progressChart.js';
import { chartDays, createProgressService } from '../../src/charts/progressService.js';
import { ManualClock } from '../../src/clock.js';
import type { Locale } from '../../src/engine/types.js';
import { I18n } from '../../src/i18n.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { PatientDoc } from '../../src/store/store.js';
import { checkin, NOW, TZ, twoWeeks } from './fixtures.js';
import { decodePng } from './png.js';

const i18n = new I18n();

async function setup(history: HistoryEntry[], locale: Locale = 'en', defaultTimezone?: string) {
  const clock = new ManualClock(NOW);
  const store = new MemoryStore(clock);
  const doc: PatientDoc = {
    schemaVersion: 1,
    patientId: 'telegram:42',
    code: 'P-7F3K',
    flowVersion: 1,
    snapshot: {},
    revision: 1,
    locale,
    address: { channel: 'telegram', conversationId: '42' },
    createdAt: NOW - 20 * 86_400_000,
    lastMessageAt: NOW,
  };
  await store.commitTurn({ doc, expectedRevision: 0, history, outbox: [] });
  return { store, service: createProgressService({ store, i18n, clock, defaultTimezone }) };
}

describe('the progress service', () => {
  it('sends a PNG chart with a sparkline text fallback', async () => {
    const { service } = await setup(twoWeeks());
    const msg = await service.progressMessage('telegram:42', 'en', { days: 14, timezone: TZ });
    expect(msg.image).toBeDefined();
    expect(decodePng(msg.image!.png)).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(msg.image!.alt).toContain('last 14 days');
    expect(msg.text.split('\n')).toEqual([
      'Your last 14 days',
      // One character a day from 01-05 to today (01-18); · is a day without a rating.
      'Craving ▆▅▆·▅▄·▄▅·▃▂▂· (latest 2/10)',
      'Mood ▃▄▄·▅▅·▅▅·▆▆▇· (latest 8/10)',
      'Check-ins: 10 of 14 days',
      'Exercise: 235 min on 10 days',
      // Four rated sessions: drops 3, 4, 3 and 2.
      'Rescue sessions: 5, craving down 3 points on average',
    ]);
  });

  it('gives only a friendly "not enough data yet" text for an empty history', async () => {
    const { service } = await setup([]);
    const en = await service.progressMessage('telegram:42', 'en', { days: 14 });
    expect(en).toEqual({ text: i18n.t('en', 'charts.empty.patient') });
    expect(en.text).toMatch(/^Not enough data for a chart yet/);
    const zh = await service.progressMessage('telegram:42', 'zh-CN', { days: 30 });
    expect(zh.image).toBeUndefined();
    expect(zh.text).toContain('记录还不够');
  });

  it('treats a single day of entries as too thin for a chart', async () => {
    const { service } = await setup([checkin('2026-01-17', { craving: 3, peak: 5, mood: 6 })]);
    const msg = await service.progressMessage('telegram:42', 'en', { days: 14, timezone: TZ });
    expect(msg.image).toBeUndefined();
    expect(msg.text).toBe(i18n.t('en', 'charts.empty.patient'));
  });

  it('answers for an unknown patient without throwing', async () => {
    const { service } = await setup([]);
    const msg = await service.progressMessage('telegram:nobody', 'en', { days: 14, audience: 'counsellor' });
    expect(msg.image).toBeUndefined();
    expect(msg.text).toContain('not enough data');
  });

  it('titles a counsellor’s chart with the patient code, in the counsellor’s language', async () => {
    const { service } = await setup(twoWeeks(), 'en');
    const msg = await service.progressMessage('telegram:42', 'zh-CN', {
      days: 14,
      audience: 'counsellor',
      timezone: TZ,
    });
    expect(msg.text.split('\n')[0]).toBe('P-7F3K · 最近 14 天');
    expect(msg.image).toBeDefined();
    const empty = await (await setup([])).service.progressMessage('telegram:42', 'en', {
      days: 14,
      audience: 'counsellor',
    });
    expect(empty.text).toBe(
      'P-7F3K: not enough data for a chart yet (fewer than 2 days with entries in the last 14 days).',
    );
  });

  it('leads the weekly summary with its sentences, then the chart', async () => {
    const { service } = await setup(twoWeeks());
    const msg = await service.progressMessage('telegram:42', 'en', { days: 14, weekly: true, timezone: TZ });
    expect(msg.image).toBeDefined();
    expect(msg.text).toMatch(
      /^Your week\nYou checked in on 5 of the last 7 days\. You moved for 145 minutes in total\./,
    );
    expect(msg.text).toContain('\n\nYour last 14 days\nCraving ');
  });

  it('uses the time zone of the patient’s language when none is given', async () => {
    // zh-CN → Asia/Shanghai: the fixture's local days line up exactly as with TZ given.
    const { service } = await setup(twoWeeks(), 'zh-CN');
    const implicit = await service.progressMessage('telegram:42', 'en', { days: 14 });
    const explicit = await service.progressMessage('telegram:42', 'en', { days: 14, timezone: TZ });
    expect(implicit.text).toBe(explicit.text);
  });

  it("uses the deployment's zone (DEFAULT_TIMEZONE), when given, before any guess from the language", async () => {
    // An English patient in a Los Angeles deployment: Los Angeles days, not UTC ones.
    const zone = 'America/Los_Angeles';
    const { service } = await setup(twoWeeks(), 'en', zone);
    const implicit = await service.progressMessage('telegram:42', 'en', { days: 14 });
    const explicit = await service.progressMessage('telegram:42', 'en', { days: 14, timezone: zone });
    const utc = await service.progressMessage('telegram:42', 'en', { days: 14, timezone: 'UTC' });
    expect(explicit.text).not.toBe(utc.text);
    expect(implicit.text).toBe(explicit.text);
  });

  it('normalises the chart length to 14 or 30 days', async () => {
    expect([7, 14, 15, 30, 90, Number.NaN].map(chartDays)).toEqual([14, 14, 30, 30, 30, 30]);
    const { service } = await setup(twoWeeks());
    const msg = await service.progressMessage('telegram:42', 'en', { days: 30, timezone: TZ });
    expect(msg.text.split('\n')[0]).toBe('Your last 30 days');
    expect(msg.text.split('\n')[1]).toMatch(/^Craving [▁-█·]{30} /);
  });
});
