import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toTeamsDeliveryError } from '../../../src/channels/teams/errors.js';
import { TeamsDeliveryError } from '../../../src/channels/teams/index.js';
import { type Address, encodeButtonData } from '../../../src/engine/types.js';
import { addressSchema } from '../../../src/store/store.js';
import { activityText, cardActions, cardsOf } from './fakeConnector.js';
import { activity, type Harness, PATIENT, PERSONAL, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

/** The address the engine got on the patient's first message, as it comes back from storage. */
async function storedAddress(): Promise<Address> {
  await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }));
  const address = h.engine.turns.at(-1)!.address;
  h.connector.clear();
  return addressSchema.parse(JSON.parse(JSON.stringify(address))) as Address;
}

describe('every message goes out proactively to the stored conversation', () => {
  it('delivers a scheduled check-in later, through the delivery port, as a new message', async () => {
    const address = await storedAddress();
    const sent = await h.ctx.delivery.send(address, { text: 'Evening check-in.' });
    const calls = h.connector.to(PERSONAL.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ kind: 'send', method: 'POST' });
    expect(calls[0]!.activity).toMatchObject({
      type: 'message',
      text: 'Evening check-in.',
      textFormat: 'plain',
      conversation: { id: PERSONAL.id },
      recipient: { id: PATIENT.id },
    });
    expect(calls[0]!.activity.replyToId).toBeUndefined();
    expect(sent).toEqual({ address, messageId: calls[0]!.responseId });
  });

  it('replies to a turn through the same proactive path', async () => {
    h.engine.onTurn = async (turn) => {
      await h.ctx.delivery.send(turn.address, { text: `got ${turn.message.kind}` });
    };
    await h.post(activity({ serviceUrl: h.connector.url, text: 'hi' }));
    expect(h.connector.texts(PERSONAL.id)).toEqual(['got text']);
    expect(h.connector.to(PERSONAL.id)[0]!.kind).toBe('send');
  });

  it('sends no Authorization header when anonymous', async () => {
    const address = await storedAddress();
    await h.ctx.delivery.send(address, { text: 'x' });
    expect(h.connector.calls[0]!.authorization).toBeUndefined();
  });

  it('refuses an address without a conversation reference, not retryable', async () => {
    const bare: Address = { channel: 'teams', conversationId: PERSONAL.id };
    const err = await h.channel!.send(bare, { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TeamsDeliveryError);
    expect((err as TeamsDeliveryError).retryable).toBe(false);
    expect((err as TeamsDeliveryError).message).toContain('must message the bot first');
    expect(h.connector.calls).toHaveLength(0);
  });

  it('reports a conversation the app was removed from (403) as final, without the message text', async () => {
    const address = await storedAddress();
    h.connector.failNext(403);
    const err = await h.channel!.send(address, { text: 'private words' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TeamsDeliveryError);
    expect(err).toMatchObject({ status: 403, retryable: false, operation: 'send' });
    expect((err as Error).message).not.toContain('private words');
  });

  it('classifies connector failures: 429, 5xx and network errors may be retried', () => {
    const response = (status: number, retryAfter?: string) => ({
      statusCode: status,
      response: { status, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
    });
    expect(toTeamsDeliveryError('send', response(429, '7'))).toMatchObject({
      retryable: true,
      retryAfter: 7,
    });
    expect(toTeamsDeliveryError('send', response(502))).toMatchObject({ retryable: true, status: 502 });
    expect(toTeamsDeliveryError('edit', response(404))).toMatchObject({
      retryable: false,
      operation: 'edit',
    });
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const e = toTeamsDeliveryError('send', network);
    expect(e).toMatchObject({
      retryable: true,
      status: undefined,
      description: 'network error ECONNREFUSED',
    });
  });
});

describe('questions are Adaptive Cards with Action.Submit buttons', () => {
  const scale = Array.from({ length: 11 }, (_, i) => ({
    label: String(i),
    data: encodeButtonData('c3', String(i)),
  }));

  it('renders a 0–10 scale as eleven submit buttons carrying {askId, value}', async () => {
    const address = await storedAddress();
    await h.ctx.delivery.send(address, {
      text: 'How strong is the craving?',
      kind: 'scale',
      askId: 'c3',
      buttons: scale,
    });
    const a = h.connector.to(PERSONAL.id)[0]!.activity;
    const [card] = cardsOf(a);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(activityText(a)).toBe('How strong is the craving?');
    const actions = cardActions(a);
    expect(actions.map((x) => x.title)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(actions.every((x) => x.type === 'Action.Submit')).toBe(true);
    expect(actions[8]!.data).toEqual({ askId: 'c3', value: '8' });
    // Teams shows at most six actions a row.
    const rows = (card!.body as { type: string; actions?: unknown[] }[]).filter(
      (e) => e.type === 'ActionSet',
    );
    expect(rows.map((r) => r.actions!.length)).toEqual([6, 5]);
  });

  it('renders yes/no as two buttons', async () => {
    const address = await storedAddress();
    await h.ctx.delivery.send(address, {
      text: 'Any chest pain?',
      kind: 'yesno',
      askId: 'p2',
      buttons: [
        { label: 'Yes', data: encodeButtonData('p2', 'yes') },
        { label: 'No', data: encodeButtonData('p2', 'no') },
      ],
    });
    expect(cardActions(h.connector.to(PERSONAL.id)[0]!.activity)).toEqual([
      { type: 'Action.Submit', title: 'Yes', data: { askId: 'p2', value: 'yes' } },
      { type: 'Action.Submit', title: 'No', data: { askId: 'p2', value: 'no' } },
    ]);
  });

  it('stacks long choices one per row', async () => {
    const address = await storedAddress();
    await h.ctx.delivery.send(address, {
      text: 'Want to try one now?',
      kind: 'choice',
      askId: 's1',
      buttons: [
        { label: '5-min paced breathing', data: encodeButtonData('s1', 'breathing') },
        { label: '15-min brisk walk', data: encodeButtonData('s1', 'walk') },
        { label: 'Not now', data: encodeButtonData('s1', 'no') },
      ],
    });
    const [card] = cardsOf(h.connector.to(PERSONAL.id)[0]!.activity);
    const rows = (card!.body as { type: string; actions?: unknown[] }[]).filter(
      (e) => e.type === 'ActionSet',
    );
    expect(rows.map((r) => r.actions!.length)).toEqual([1, 1, 1]);
  });

  it('puts an image in the card as a data: URL with its alt text', async () => {
    const address = await storedAddress();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await h.ctx.delivery.send(address, { text: 'Your last 14 days', image: { png, alt: 'Craving chart' } });
    const [card] = cardsOf(h.connector.to(PERSONAL.id)[0]!.activity);
    const image = (card!.body as Record<string, unknown>[]).find((e) => e.type === 'Image')!;
    expect(image.url).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    expect(image.altText).toBe('Craving chart');
  });

  it('edits a sent message in place (PUT) and keeps it a card', async () => {
    const address = await storedAddress();
    const ref = await h.ctx.delivery.send(address, {
      text: '🔴 Urgent · P-7F3K',
      buttons: [{ label: 'Acknowledge', data: encodeButtonData('ack', 'A12') }],
    });
    expect(cardActions(h.connector.to(PERSONAL.id)[0]!.activity)[0]!.data).toEqual({
      action: 'ack',
      alertId: 'A12',
    });
    await h.ctx.delivery.edit(ref!, { text: '🔴 Urgent · P-7F3K\n✅ Dr Li 14:05' });
    const update = h.connector.to(PERSONAL.id)[1]!;
    expect(update).toMatchObject({ kind: 'update', method: 'PUT', activityId: ref!.messageId });
    expect(activityText(update.activity)).toBe('🔴 Urgent · P-7F3K\n✅ Dr Li 14:05');
    expect(cardActions(update.activity)).toEqual([]);
  });
});
