/**
 * Names and relayed texts are shown as written on every surface, through the real app: Telegram
 * (HTML, everything escaped), Teams cards (TextRuns, never Markdown), Teams plain messages, and the
 * console. The hostile strings hold a Markdown link and bold, an HTML tag, a Teams mention, a
 * backtick span and an underscore italic; a display name like the first one reached the counsellors'
 * urgent alert in Teams as a link.
 */
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ConsoleChannel } from '../../src/channels/console/consoleChannel.js';
import { consoleSafe } from '../../src/channels/console/consoleText.js';
import { buildAdaptiveCard } from '../../src/channels/teams/cards.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { activityText, cardsOf, FakeConnector } from '../channels/teams/fakeConnector.js';
import { activity, CHANNEL_BASE, CHANNEL_THREAD, COUNSELLOR, PERSONAL } from '../channels/teams/harness.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate, type UpdateDraft } from '../channels/telegram/fakeUpdates.js';
import { TYPED_ONBOARDING } from '../support/onboardingAnswers.js';

const SECRET = 'escaping_e2e-0123456789';
const ENROL = 'enrol-code-escaping-2026';
const GROUP = -100600;
const TG_PATIENT = 4711;
/** What the finding used, with the other markups each surface might read. */
const HOSTILE_NAME = '[Verify account](https://evil.example/x) **URGENT** <b>bold</b>';
const HOSTILE_TEXT = 'call me `now` <at>Dongyu</at> _soon_ <i>x</i> & [here](https://evil.example)';

let api: FakeBotApi;
let connector: FakeConnector;
let app: App;
let base = '';

beforeEach(async () => {
  api = await FakeBotApi.start();
  connector = new FakeConnector();
  await connector.start();
  const clock = new ManualClock();
  app = await createApp(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TEAMS_ALLOW_ANONYMOUS: 'true',
      COUNSELLOR_TELEGRAM_CHAT_IDS: String(GROUP),
      COUNSELLOR_ENROL_CODE: ENROL,
      DEFAULT_LOCALE: 'en',
    }),
    {
      clock,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    },
  );
  base = `http://127.0.0.1:${(await app.start()).port}`;
});

afterEach(async () => {
  await app.stop();
  await api.close();
  await connector.stop();
});

async function telegram(draft: UpdateDraft): Promise<void> {
  const update = { ...draft, update_id: api.newUpdateId() } as Update;
  expect(await api.deliverWebhook(`${base}/tg/updates`, update, SECRET)).toBe(200);
}

async function teams(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  expect(res.status).toBe(200);
}

const inChannel = (text: string) =>
  activity({
    serviceUrl: connector.url,
    conversation: CHANNEL_THREAD,
    user: COUNSELLOR,
    mention: true,
    text: `<at>Dongyu</at> ${text}`,
  });

/** Onboards by typing, agreeing to share the name (the last question). */
const SHARING = [...TYPED_ONBOARDING.en.slice(0, -1), 'yes'];

/** Every element type in a card, nested ones included. */
function elementTypes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) elementTypes(n, out);
  else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string') out.push(n.type);
    for (const v of Object.values(n)) elementTypes(v, out);
  }
  return out;
}

describe('escaping for every surface', () => {
  it("a Telegram patient's Markdown and HTML name shows literally in the Teams alert card and escaped in the Telegram group", async () => {
    await teams(inChannel(`counsellor ${ENROL} en`));
    const say = (text: string) =>
      telegram(textUpdate({ userId: TG_PATIENT, text, languageCode: 'en', firstName: HOSTILE_NAME }));
    await say('/start');
    for (const answer of SHARING) await say(answer);
    await say('I want to kill myself');

    const tgAlert = api.sentTexts(GROUP).find((m) => m.text.includes('🔴'));
    expect(tgAlert, 'the urgent alert in the Telegram group').toBeDefined();
    // As sent to the Bot API with parse_mode HTML: the tag escaped, the Markdown inert text.
    expect(tgAlert!.text).toContain(
      '[Verify account](https://evil.example/x) **URGENT** &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(tgAlert!.text).not.toContain('<b>');

    const card = connector.to(CHANNEL_BASE).find((c) => activityText(c.activity).includes('🔴'));
    expect(card, 'the urgent alert in the Teams channel').toBeDefined();
    const [content] = cardsOf(card!.activity);
    // No element Teams reads as Markdown; the name is in a TextRun, character for character.
    expect(elementTypes(content!.body)).not.toContain('TextBlock');
    expect(activityText(card!.activity)).toContain(HOSTILE_NAME);
  });

  it('a relayed text with markup reaches a Teams patient as plain text and a Telegram patient escaped', async () => {
    await teams(inChannel(`counsellor ${ENROL} en`));
    await teams(
      activity({
        serviceUrl: connector.url,
        conversation: PERSONAL,
        user: { ...COUNSELLOR, id: '29:p' },
        text: 'hi',
      }),
    );
    await telegram(textUpdate({ userId: TG_PATIENT, text: '/start', languageCode: 'en' }));
    const codes: Record<string, string> = {};
    for (const id of await app.store.listPatientIds()) {
      const loaded = await app.store.loadPatient(id);
      if (loaded.status === 'ok') codes[id.split(':')[0]!] = loaded.doc.code;
    }
    await teams(inChannel(`reply ${codes.telegram} ${HOSTILE_TEXT}`));
    await telegram(textUpdate({ userId: 9, chatId: GROUP, text: `/reply ${codes.teams} ${HOSTILE_TEXT}` }));

    // Teams hands its text over as HTML: tags and the mention are taken out on the way in, the
    // rest is escaped on the way out to Telegram.
    const toTelegram = api.sentTexts(TG_PATIENT).find((m) => m.text.includes('call me'));
    expect(toTelegram!.text).toContain('call me `now`  _soon_ x &amp; [here](https://evil.example)');
    expect(toTelegram!.text).not.toMatch(/<(?!\/?b>)/);
    const toTeams = connector.to(PERSONAL.id).find((c) => activityText(c.activity).includes('call me'));
    expect(toTeams!.activity).toMatchObject({ textFormat: 'plain' });
    expect(cardsOf(toTeams!.activity)).toEqual([]);
    expect(activityText(toTeams!.activity)).toContain(HOSTILE_TEXT);
  });
});

describe('the surfaces one by one', () => {
  it('a Teams card never holds a TextBlock, and keeps every line, blank ones included', () => {
    const card = buildAdaptiveCard({
      text: `${HOSTILE_NAME}\n\n- not a list\n1. nor this\n${HOSTILE_TEXT}`,
      buttons: [{ label: '**Yes**', data: 'a1:yes' }],
    });
    expect(elementTypes(card.body)).not.toContain('TextBlock');
    expect(
      activityText({
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
      }),
    ).toBe(`${HOSTILE_NAME}\n\n- not a list\n1. nor this\n${HOSTILE_TEXT}`);
  });

  it('the console shows names as written, without terminal control sequences', async () => {
    const hostile = `${HOSTILE_NAME}\u001b[2J\u001b]0;owned\u0007 \u202eevil`;
    expect(consoleSafe(hostile)).toBe(`${HOSTILE_NAME}\ufffd[2J\ufffd]0;owned\ufffd \ufffdevil`);
    let out = '';
    const channel = new ConsoleChannel({
      onInbound: async () => {},
      output: {
        write: (s: string) => {
          out += s;
          return true;
        },
      } as unknown as NodeJS.WritableStream,
    });
    await channel.send(
      { channel: 'console', conversationId: 'patient' },
      {
        text: hostile,
        buttons: [{ label: `\u001b[31mred`, data: 'a1:x' }],
      },
    );
    expect(out).toContain(HOSTILE_NAME);
    expect(out).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});
