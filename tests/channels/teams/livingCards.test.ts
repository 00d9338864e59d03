/**
 * Living Teams cards (issue 23): an answered question's card shows the answer without buttons; an
 * alert's Acknowledge is a Universal Action (`Action.Execute`), answered with the acknowledged card
 * (who and when first, green) while every copy is updated; uninstalling the app unregisters a
 * counsellor team at once and makes a patient unreachable. Cards lay out buttons by display width
 * and colour an alert's heading by its level. The whole app over HTTP with the fake connector.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildAdaptiveCard, displayWidth } from '../../../src/channels/teams/cards.js';
import { onboardByCards, TeamsApp } from './appHarness.js';
import { cardsOf } from './fakeConnector.js';

const ENROL_CODE = 'teams-enrol-code-42';
let t: TeamsApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Card = {
  body: { type: string; inlines?: Record<string, unknown>[]; actions?: Record<string, unknown>[] }[];
};
const firstRun = (card: Card) => card.body[0]!.inlines![0]!;
const actionsOf = (card: Card) => card.body.flatMap((b) => b.actions ?? []);

describe('an answered question card', () => {
  it('shows the answer and no buttons', async () => {
    t = await TeamsApp.start();
    const p = t.patient('living', 'en-US');
    await p.install();
    const consent = p.inbox.findLast((m) => m.buttons.length)!;
    await p.pressOnCard('yes');
    const update = t.connector
      .to(p.conversationId)
      .find((c) => c.kind === 'update' && c.activityId === consent.id);
    expect(update).toBeDefined();
    const card = cardsOf(update!.activity)[0] as Card;
    expect(actionsOf(card)).toEqual([]);
    expect(card.body.at(-1)!.inlines![0]).toMatchObject({
      text: `✓ ${t.t('en', 'common.yes')}`,
      color: 'Good',
    });
  });
});

describe('an alert card in a Teams channel', () => {
  it('acknowledges with Action.Execute, answering with the acknowledged card', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    await channel.mention(`counsellor ${ENROL_CODE}`);
    const p = t.patient('execute', 'en-US');
    await onboardByCards(p, false);
    const before = t.connector.to(channel.conversationId).length;
    await p.say('some days I want to die');
    const [sent] = t.connector.to(channel.conversationId).slice(before);
    const card = cardsOf(sent!.activity)[0] as Card;
    expect(firstRun(card)).toMatchObject({ weight: 'Bolder', color: 'Attention' });
    // The details as a FactSet, the heading with the date and time.
    expect(String(firstRun(card).text)).toMatch(/^🔴 URGENT · P-\w{4} · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const facts = card.body.find((b) => b.type === 'FactSet') as unknown as { facts: { title: string }[] };
    expect(facts.facts.map((f) => f.title)).toEqual(
      ['reason', 'cravings', 'checkin', 'told'].map((k) => t!.t('en', `alerts.fact.${k}`)),
    );
    const [ack] = actionsOf(card);
    expect(ack).toMatchObject({ type: 'Action.Execute', verb: 'ack', style: 'positive' });
    const alertId = (ack!.data as { alertId: string }).alertId;

    const answer = (await channel.execute('ack', ack!.data as Record<string, unknown>, sent!.responseId)) as {
      statusCode: number;
      type: string;
      value: Card;
    };
    expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(firstRun(answer.value)).toMatchObject({ color: 'Good' });
    expect(String(firstRun(answer.value).text)).toMatch(/^✅ Dr Li \d\d:\d\d acknowledged$/);
    expect(actionsOf(answer.value)).toEqual([]);
    expect((await t.store.getAlert(alertId))!.acknowledgedBy?.name).toBe('Dr Li');
    expect(t.connector.to(channel.conversationId).filter((c) => c.kind === 'update')).toHaveLength(1);
  });

  it('answers an action it does not know with 400, changing nothing', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    await channel.mention(`counsellor ${ENROL_CODE}`);
    const answer = await channel.execute('delete', { alertId: 'abcd1234' }, undefined);
    expect(answer).toMatchObject({ statusCode: 400 });
  });
});

describe('uninstalling the app', () => {
  it('unregisters a counsellor team at once', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    await channel.mention(`counsellor ${ENROL_CODE}`);
    const address = { channel: 'teams' as const, conversationId: channel.conversationId };
    expect(await t.app.desk.isCounsellorChat(address)).toBe(true);
    await channel.uninstall();
    expect(await t.app.desk.isCounsellorChat(address)).toBe(false);
    expect((await t.store.listAudit()).at(-1)).toMatchObject({ kind: 'unenrol', actor: 'system' });
  });

  it('makes a patient unreachable until they write again', async () => {
    t = await TeamsApp.start();
    const p = t.patient('leaver', 'en-US');
    await onboardByCards(p, false);
    await p.uninstall();
    const loaded = await t.store.loadPatient(p.patientId);
    const since =
      loaded.status === 'ok' &&
      (loaded.doc.snapshot as { context: { unreachableSince?: number } }).context.unreachableSince;
    expect(since).toBe(t.clock.now());
  });
});

describe('card layout', () => {
  it('counts a CJK character as two columns', () => {
    expect(displayWidth('Not at all')).toBe(10);
    expect(displayWidth('一半以上的天数')).toBe(14);
  });

  it('stacks choices a phone cannot show on one row, and keeps short ones together', () => {
    const rows = (labels: string[]) =>
      (
        buildAdaptiveCard({
          text: 'q',
          kind: 'choice',
          askId: 'a1',
          buttons: labels.map((label, i) => ({ label, data: `a1:${i}` })),
        }) as unknown as Card
      ).body
        .filter((b) => b.type === 'ActionSet')
        .map((b) => b.actions!.length);
    expect(rows(['完全不会', '好几天', '一半以上的天数', '几乎每天'])).toEqual([1, 1, 1, 1]);
    expect(rows(['Morning', 'Noon', 'Evening'])).toEqual([3]);
  });
});
