/**
 * Alert copies that a temporary failure left undone, through the real app over real HTTP against
 * the fake Bot API (webhook mode, two configured counsellor groups, the in-process scheduler on a
 * ManualClock): a send to one group that fails with 5xx is tried again for that group only, an
 * acknowledgement's failed edit is tried again, a permanent failure is not, and the logs name the
 * chat and Telegram's answer. Also: a digest too long for one message is sent in pages, and
 * acknowledging an item edits its own page.
 */
import { PassThrough } from 'node:stream';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { OWED_RETRY_MS } from '../../src/escalation/owedCopies.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import type { AlertRecord } from '../../src/store/store.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { callbackUpdate, textUpdate, type UpdateDraft } from '../channels/telegram/fakeUpdates.js';
import { until } from '../support/until.js';

const SECRET = 'alert_retries-0123456789';
const A = -1001;
const B = -1002;
const PATIENT = 4242;

let api: FakeBotApi | undefined;
let app: App | undefined;
let logs = '';

afterEach(async () => {
  await app?.stop();
  await api?.close();
  app = undefined;
  api = undefined;
});

async function start() {
  api = await FakeBotApi.start();
  const clock = new ManualClock();
  const scheduler = new InProcessScheduler(clock, undefined, { timer: false });
  const out = new PassThrough();
  logs = '';
  out.on('data', (d) => {
    logs += d;
  });
  app = await createApp(
    loadConfig({
      PORT: '0',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      COUNSELLOR_TELEGRAM_CHAT_IDS: `${A},${B}`,
      DEFAULT_LOCALE: 'en',
    }),
    {
      clock,
      scheduler,
      logger: createLogger('info', out),
      // A failing chat gives up within 300 ms (the deadline of one send, retries included).
      telegram: { sendDeadlineMs: 300 },
    },
  );
  const { port } = await app.start();
  const base = `http://127.0.0.1:${port}`;
  const telegram = async (draft: UpdateDraft) => {
    const status = await api!.deliverWebhook(
      `${base}/tg/updates`,
      { ...draft, update_id: api!.newUpdateId() } as Update,
      SECRET,
    );
    expect(status).toBe(200);
  };
  /** Moves the clock and runs what came due (the owed copies' next try). */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await scheduler.runDue();
  };
  return { telegram, advance, scheduler };
}

/** Makes every `method` call to `chat` fail with `errorCode` until `stop()` is called. */
function failChat(chat: number, errorCode: number, methods: string[], description?: string) {
  api!.intercept((c) =>
    methods.includes(c.method) && String(c.params.chat_id) === String(chat)
      ? { errorCode, ...(description ? { description } : {}) }
      : undefined,
  );
  return { stop: () => api!.intercept(null) };
}

const alertsTo = (chat: number) => api!.sentTexts(chat).filter((m) => m.text.includes('🔴'));
const callsTo = (method: string, chat: number) =>
  api!.callsTo(method).filter((c) => String(c.params.chat_id) === String(chat));

async function theAlert(): Promise<AlertRecord> {
  let alert: AlertRecord | undefined;
  await until(async () => {
    [alert] = await app!.store.listAlerts();
    return alert !== undefined;
  }, 'the alert');
  return alert!;
}

/** Log lines whose message starts with `msg`, parsed. */
function logLines(msg: string): Record<string, unknown>[] {
  return logs
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => String(l.msg).startsWith(msg));
}

describe('an urgent alert reaches every counsellor chat, also one that failed for a while', () => {
  it('sends the copy a 5xx missed again, to that chat only, soon; never a second copy to the other', async () => {
    const { telegram, advance } = await start();
    const outage = failChat(B, 500, ['sendMessage', 'sendPhoto']);
    await telegram(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(() => alertsTo(A).length === 1, 'the alert in the first group');
    const alert = await theAlert();
    await until(async () => Boolean((await app!.store.getAlert(alert.id))?.owed), 'the copy owed to B');
    expect(alertsTo(B)).toHaveLength(0);

    // Still failing at the first retry: nothing new anywhere, tried again later.
    await advance(OWED_RETRY_MS[0]!);
    expect(alertsTo(B)).toHaveLength(0);
    expect((await app!.store.getAlert(alert.id))!.owed).toMatchObject({ tries: 1 });

    // The group answers again: the next try delivers its copy, with its Acknowledge button.
    outage.stop();
    await advance(OWED_RETRY_MS[1]!);
    expect(alertsTo(B)).toHaveLength(1);
    expect(JSON.stringify(alertsTo(B)[0]!.replyMarkup)).toContain(`ack:${alert.id}`);
    expect(alertsTo(A)).toHaveLength(1);
    const stored = (await app!.store.getAlert(alert.id))!;
    expect(stored.owed).toBeUndefined();
    expect(stored.sentTo.map((r) => r.address.conversationId).sort()).toEqual([String(A), String(B)].sort());

    // Nothing more is tried, and the failures were logged with the chat and Telegram's answer.
    await advance(10 * 60_000);
    expect(alertsTo(B)).toHaveLength(1);
    const failed = logLines('alert delivery to a destination failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed[0]).toMatchObject({ channel: 'telegram', conversationId: String(B), alertId: alert.id });
    expect(failed[0]!.err).toMatchObject({
      error: 'TelegramDeliveryError',
      method: 'sendMessage',
      retryable: true,
    });
    // The deadline ended the send while auto-retry was backing off: it says it timed out.
    expect(String((failed[0]!.err as { description: string }).description)).toMatch(/timed out/);
  });

  it('does not retry a chat that removed the bot (403), and logs code and description', async () => {
    const { telegram, advance } = await start();
    failChat(B, 403, ['sendMessage', 'sendPhoto'], 'Forbidden: bot was kicked from the supergroup chat');
    await telegram(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(() => alertsTo(A).length === 1, 'the alert in the first group');
    await until(() => logLines('alert delivery to a destination failed').length > 0, 'the failure logged');
    const alert = await theAlert();
    const tried = callsTo('sendMessage', B).length;
    await advance(OWED_RETRY_MS.reduce((a, b) => a + b, 0));
    expect(callsTo('sendMessage', B)).toHaveLength(tried);
    expect((await app!.store.getAlert(alert.id))!.owed).toBeUndefined();
    expect(logLines('alert delivery to a destination failed')[0]).toMatchObject({
      conversationId: String(B),
      err: {
        error: 'TelegramDeliveryError',
        code: 403,
        description: 'Forbidden: bot was kicked from the supergroup chat',
        retryable: false,
      },
    });
  });

  it('gives up after the bounded number of tries (the re-alert tries again later)', async () => {
    const { telegram, advance } = await start();
    failChat(B, 500, ['sendMessage', 'sendPhoto']);
    await telegram(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(() => alertsTo(A).length === 1, 'the alert in the first group');
    const alert = await theAlert();
    await until(async () => Boolean((await app!.store.getAlert(alert.id))?.owed), 'the copy owed to B');
    for (const wait of OWED_RETRY_MS) await advance(wait);
    expect((await app!.store.getAlert(alert.id))!.owed).toBeUndefined();
    expect(logLines('alert copies given up after repeated failures')).toHaveLength(1);
    expect(alertsTo(A)).toHaveLength(1);
  });
});

describe('acknowledging edits every copy, also one whose edit failed for a while', () => {
  it('tries the failed edit again: the stale button goes and the acknowledgement shows', async () => {
    const { telegram, advance } = await start();
    await telegram(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(() => alertsTo(A).length === 1 && alertsTo(B).length === 1, 'the alert in both groups');
    const alert = await theAlert();
    const idIn = (chat: number) =>
      (
        callsTo('sendMessage', chat).find((c) => String(c.params.text).includes('🔴'))!.result as {
          message_id: number;
        }
      ).message_id;
    const outage = failChat(B, 500, ['editMessageText']);
    await telegram(
      callbackUpdate({
        userId: 11,
        chatId: A,
        firstName: 'Dr Li',
        data: `ack:${alert.id}`,
        messageId: idIn(A),
      }),
    );
    await until(async () => Boolean((await app!.store.getAlert(alert.id))?.owed), 'the edit owed to B');
    const inB = () => api!.messages.get(`${B}:${idIn(B)}`)!;
    expect(inB().text).not.toContain('acknowledged');
    const editFailed = logLines('could not edit an alert copy');
    expect(editFailed[0]).toMatchObject({
      channel: 'telegram',
      conversationId: String(B),
      alertId: alert.id,
      err: { error: 'TelegramDeliveryError', method: 'editMessageText', retryable: true },
    });

    outage.stop();
    await advance(OWED_RETRY_MS[0]!);
    expect(inB().text).toContain('✅ Dr Li');
    expect(inB().text).toContain('acknowledged');
    expect(inB().replyMarkup ?? null).toBeNull();
    expect((await app!.store.getAlert(alert.id))!.owed).toBeUndefined();
    // The copy in A was edited once, at the acknowledgement.
    expect(callsTo('editMessageText', A)).toHaveLength(1);
  });
});

describe('a digest too long for one message', () => {
  it('is sent in pages of one message each; acknowledging an item on page 2 edits page 2 only, losing nothing', async () => {
    const { telegram } = await start();
    const ids: string[] = [];
    for (let i = 0; i < 70; i++) {
      const draft = {
        patientId: `telegram:${9000 + i}`,
        code: `P-${String(1000 + i)}`,
        level: 'routine' as const,
        reason: 'missedCheckins',
        toldPatient: [],
        at: app!.clock.now() - i * 1000,
      };
      await app!.escalation.sink.raise(draft);
    }
    for (const a of await app!.store.listAlerts()) ids.push(a.id);
    expect(ids).toHaveLength(70);
    await app!.escalation.alerts.sendDigest();

    const pages = callsTo('sendMessage', A);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(String(p.params.text).length).toBeLessThanOrEqual(4096);
    const shown = (chat: number) =>
      [...api!.messages.values()].filter((m) => m.chatId === String(chat)).map((m) => m.text ?? '');
    // Every alert is listed exactly once in each group.
    for (const id of ids) expect(shown(A).filter((t) => t.includes(`/ack ${id}`))).toHaveLength(1);

    // Acknowledge an item listed on page 2, with its /ack command.
    const secondPage = String(pages[1]!.params.text);
    const id = ids.find((i) => secondPage.includes(`/ack ${i}`))!;
    await telegram({
      message: {
        ...textUpdate({ userId: 11, chatId: A, firstName: 'Dr Li', text: `/ack ${id}` }).message!,
      },
    } as UpdateDraft);
    await until(() => callsTo('editMessageText', B).length === 1, 'the edit of page 2 in B');
    // Still every alert exactly once in each group, the acknowledged one with who took it.
    for (const chat of [A, B])
      for (const i of ids) expect(shown(chat).filter((t) => t.includes(`/ack ${i}`))).toHaveLength(1);
    expect(shown(A).find((t) => t.includes(`/ack ${id}`))).toContain('✅ Dr Li');
    // The page it is on, and only that one, was edited, within one message.
    const pageId = (pages[1]!.result as { message_id: number }).message_id;
    expect(callsTo('editMessageText', A).map((e) => e.params.message_id)).toEqual([pageId]);
    for (const e of [...callsTo('editMessageText', A), ...callsTo('editMessageText', B)]) {
      expect(String(e.params.text).length).toBeLessThanOrEqual(4096);
      expect(String(e.params.text)).toMatch(/^🟡 Daily digest, part 2 of \d+:/);
    }
  });
});
