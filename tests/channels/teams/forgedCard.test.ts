import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activity, type Harness, PATIENT, PERSONAL, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const forged: [string, unknown][] = [
  ['a string', 'q1:7'],
  ['an array', [{ askId: 'q1', value: '7' }]],
  ['a number', 7],
  ['an empty object', {}],
  ['a missing value', { askId: 'q1' }],
  ['a numeric ask id', { askId: 1, value: '7' }],
  ['an over-long ask id', { askId: 'a'.repeat(200), value: '7' }],
  ['an over-long value', { askId: 'q1', value: '9'.repeat(500) }],
  ['markup in the value', { askId: 'q1', value: '<script>alert(1)</script>' }],
  ['an ask id with punctuation', { askId: 'q1;drop', value: '7' }],
  ['an acknowledgement in a patient chat', { action: 'ack', alertId: 'A1' }],
];

describe('a forged or malformed card payload changes nothing and gets a polite reply', () => {
  it.each(forged)('refuses %s', async (_name, value) => {
    const res = await h.post(activity({ serviceUrl: h.connector.url, value }));
    expect(res.status).toBe(200);
    expect(h.engine.turns).toHaveLength(0);
    expect(h.connector.texts(PERSONAL.id)).toEqual([
      "Sorry, I couldn't read that button. Please tap a button on my latest message, or just type your answer.",
    ]);
    const call = h.connector.to(PERSONAL.id)[0]!;
    expect(call.kind).toBe('send');
    expect(call.activity.textFormat).toBe('plain');
  });

  it('answers in Chinese when Teams reports a Chinese client and the patient is new', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, locale: 'zh-CN', value: { askId: 'q1' } }));
    expect(h.connector.texts(PERSONAL.id)).toEqual([
      '抱歉，这个按钮我没能识别。请点我最新一条消息里的按钮，或者直接输入你的回答。',
    ]);
  });

  it("answers in the patient's stored language rather than the client's", async () => {
    const first = activity({ serviceUrl: h.connector.url, text: 'hi' });
    await h.post(first);
    const address = h.engine.turns[0]!.address;
    await h.store.commitTurn({
      doc: {
        schemaVersion: 1,
        patientId: `teams:${PATIENT.aadObjectId}`,
        code: 'P-TEST',
        flowVersion: 1,
        snapshot: {},
        revision: 1,
        locale: 'zh-CN',
        address,
        createdAt: h.clock.now(),
        lastMessageAt: h.clock.now(),
      },
      expectedRevision: 0,
      history: [],
      outbox: [],
    });
    await h.post(activity({ serviceUrl: h.connector.url, locale: 'en-US', value: 'forged' }));
    expect(h.connector.texts(PERSONAL.id)).toEqual([
      '抱歉，这个按钮我没能识别。请点我最新一条消息里的按钮，或者直接输入你的回答。',
    ]);
  });

  it('passes a well-formed payload to the engine, which decides whether it is stale', async () => {
    await h.post(
      activity({ serviceUrl: h.connector.url, value: { askId: 'old1', value: 'yes', extra: 'ignored' } }),
    );
    expect(h.engine.turns.map((t) => t.message)).toEqual([{ kind: 'choice', askId: 'old1', value: 'yes' }]);
    expect(h.connector.calls).toHaveLength(0);
  });
});
