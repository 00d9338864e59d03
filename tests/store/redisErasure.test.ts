/**
 * `/delete` over the real parts (Telegram webhook → engine → Redis store and delivery queue): after
 * it, no key under the prefix and no value in any of them holds the patient's Telegram id, their
 * name, their code or what they typed. The cases that used to leave traces are all played first:
 * a counsellor command typed in their own chat (audited with their name and id by earlier versions),
 * a crisis (an urgent alert and its audit entry), free text, and an audit entry as an earlier
 * version wrote it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';
import { type AppDriver, startApp, TelegramPatient } from '../channels/telegram/telegramPatient.js';
import { TYPED_ONBOARDING } from '../support/onboardingAnswers.js';
import { until } from '../support/until.js';
import {
  adminConnection,
  deleteUnder,
  keysUnder,
  REDIS_URL,
  uniquePrefix,
  valuesOf,
} from './redisTestKit.js';

const admin = adminConnection();
const prefix = uniquePrefix('erasure');
const USER_ID = 5550123456;
const NAME = 'Quillon Vasquez-Ember';
const TYPED = 'my neighbour Zorbulax keeps the pipe';
let api: FakeBotApi;
let d: AppDriver;

beforeAll(async () => {
  api = await FakeBotApi.start();
  d = await startApp(api, 'webhook', {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    COUNSELLOR_TELEGRAM_CHAT_IDS: '-1009990077',
  });
});

afterAll(async () => {
  await d.stop();
  await api.close();
  await deleteUnder(admin, prefix);
  await admin.quit();
});

/** Every key name and every value under the prefix, with the key each came from. */
async function everything(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const key of await keysUnder(admin, prefix)) {
    out.push([key, key]);
    for (const v of await valuesOf(admin, key)) out.push([key, v]);
  }
  return out;
}

describe('/delete on Redis', () => {
  it('leaves no trace of the Telegram id, the name, the code or the typed text under the prefix', async () => {
    const p = new TelegramPatient(api, d, USER_ID, 'en');
    const say = (text: string) =>
      p.step(textUpdate({ userId: USER_ID, text, languageCode: 'en', firstName: NAME }));
    await say('/start');
    for (const answer of TYPED_ONBOARDING.en) await say(answer);
    await say('/patients'); // a counsellor command in their own chat: refused and audited
    await say(`/reply P-ZZZZ ${TYPED}`);
    await say(TYPED);
    await say('I want to kill myself');
    const loaded = await d.app.store.loadPatient(`telegram:${USER_ID}`);
    if (loaded.status !== 'ok') throw new Error('expected the patient stored');
    const code = loaded.doc.code;
    // The audit as an earlier version wrote it (name and id in plain text, in the old list).
    await admin.rpush(
      `${prefix}audit`,
      JSON.stringify({
        at: 1,
        kind: 'refused',
        actor: `${NAME} [telegram:${USER_ID}]`,
        detail: `/patients from unregistered telegram:${USER_ID}`,
      }),
    );
    // Queued messages (the chart after the alert) are sent and gone before the erasure.
    await until(async () => {
      const lists = await Promise.all(
        ['wait', 'active', 'prioritized'].map((l) =>
          admin
            .type(`${prefix}bull:delivery:${l}`)
            .then((t) =>
              t === 'list'
                ? admin.llen(`${prefix}bull:delivery:${l}`)
                : admin.zcard(`${prefix}bull:delivery:${l}`),
            ),
        ),
      );
      return lists.every((n) => n === 0) && (await admin.zcard(`${prefix}bull:delivery:delayed`)) === 0;
    }, 'the delivery queue to drain');
    const needles = [String(USER_ID), 'Quillon', 'Vasquez', code, 'Zorbulax'];
    // Before: the traces are there (the test would see them).
    const before = (await everything()).map(([, v]) => v).join('\n');
    for (const n of [String(USER_ID), code]) expect(before).toContain(n);

    await say('/delete');
    await p.press('yes');
    expect(await d.app.store.loadPatient(`telegram:${USER_ID}`)).toMatchObject({ status: 'missing' });
    for (const [key, value] of await everything())
      for (const n of needles) expect(value, `${n} in ${key}`).not.toContain(n);
    // The audit keeps what happened, without anyone's identity.
    const audit = await d.app.store.listAudit();
    expect(audit.map((e) => e.kind)).toEqual(expect.arrayContaining(['refused', 'alert', 'erase']));
    const legacy = (await admin.lrange(`${prefix}audit`, 0, -1)).map((raw) => JSON.parse(raw));
    expect(legacy.find((e: { at: number }) => e.at === 1)).toEqual({
      at: 1,
      kind: 'refused',
      actor: 'removed at erasure',
      detail: 'removed at erasure',
    });
  }, 60_000);
});
