import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { precheckBearer } from '../../../src/channels/teams/tokenPrecheck.js';
import { TeamsApp } from './appHarness.js';
import { FakeOpenId, type OpenIdMode } from './fakeOpenId.js';
import { activity, type Harness, startHarness } from './harness.js';

const APP_ID = '00000000-0000-4000-8000-00000000b07d';
const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);

/** An unsigned JWT-shaped token (the signature is junk): enough to exercise the offline checks. */
function jwt(claims: Record<string, unknown>, alg = 'RS256'): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg, typ: 'JWT', kid: 'test' })}.${enc(claims)}.c2lnbmF0dXJl`;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('the Teams endpoint is not served without credentials', () => {
  it('answers 404 and creates no channel when neither MicrosoftAppId nor TEAMS_ALLOW_ANONYMOUS is set', async () => {
    h = await startHarness({});
    expect(h.channel).toBeNull();
    const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }));
    expect(res.status).toBe(404);
    expect(h.engine.turns).toHaveLength(0);
    expect(h.connector.calls).toHaveLength(0);
  });

  it('answers 404 when TEAMS_ALLOW_ANONYMOUS=false', async () => {
    h = await startHarness({ TEAMS_ALLOW_ANONYMOUS: 'false' });
    expect(h.channel).toBeNull();
    expect((await h.post(activity({ serviceUrl: h.connector.url, text: 'hi' }))).status).toBe(404);
  });

  it('is served anonymously when TEAMS_ALLOW_ANONYMOUS=true', async () => {
    h = await startHarness({ TEAMS_ALLOW_ANONYMOUS: 'true' });
    const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }));
    expect(res.status).toBe(200);
    expect(h.engine.turns).toHaveLength(1);
  });
});

describe('with MicrosoftAppId set, requests need a valid Bot Framework token', () => {
  const env = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-password' };
  // botbuilder prints the authentication errors it throws; keep the test output readable.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const refused: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['garbage', { authorization: 'Bearer garbage' }],
    ['an alg=none token', { authorization: `Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 + 600 }, 'none')}` }],
    ['an expired token', { authorization: `Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 - 3600 })}` }],
    [
      'a token for another bot',
      {
        authorization: `Bearer ${jwt({ aud: 'someone-else', exp: NOW / 1000 + 600, iss: 'https://api.botframework.com' })}`,
      },
    ],
    [
      'an HS256 token (Bot Framework signs with RS256)',
      {
        authorization: `Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 + 600, iss: 'https://api.botframework.com' }, 'HS256')}`,
      },
    ],
    [
      'a token whose audience is a list',
      {
        authorization: `Bearer ${jwt({ aud: [APP_ID, 'other'], exp: NOW / 1000 + 600, iss: 'https://api.botframework.com' })}`,
      },
    ],
    [
      'a token with an unknown issuer',
      { authorization: `Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 + 600, iss: 'https://evil.example' })}` },
    ],
  ];

  it.each(refused)('refuses %s with 401 and processes nothing', async (_name, headers) => {
    h = await startHarness(env);
    expect(h.channel).not.toBeNull();
    const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }), headers);
    expect(res.status).toBe(401);
    expect(h.engine.turns).toHaveLength(0);
    expect(h.desk.inputs).toHaveLength(0);
    expect(h.connector.calls).toHaveLength(0);
  });

  it("answers a token it cannot verify with a plain error, never the adapter's own message", async () => {
    h = await startHarness(env);
    // Well-formed, current, for this bot and from Bot Framework's issuer, but with a junk
    // signature: botbuilder goes to fetch the signing keys (unreachable here) or rejects it.
    const token = jwt({
      aud: APP_ID,
      exp: Math.floor(Date.now() / 1000) + 600,
      iss: 'https://api.botframework.com',
    });
    const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }), {
      authorization: `Bearer ${token}`,
    });
    // 401 when the keys could be fetched (the kid is unknown), 503 when they could not: never 500.
    expect([401, 503]).toContain(res.status);
    expect(['{"error":"unauthorized"}', '{"error":"cannot verify the request now; retry"}']).toContain(
      res.text,
    );
    expect(h.engine.turns).toHaveLength(0);
    expect(h.connector.calls).toHaveLength(0);
  });

  describe('signed RS256 tokens, checked against the OpenID metadata', () => {
    let openId: FakeOpenId | undefined;
    afterEach(async () => {
      await openId?.stop();
      openId = undefined;
    });

    /** Starts the harness against a fake metadata service; returns the harness and its log lines. */
    async function withMetadata(mode: OpenIdMode | 'unreachable') {
      openId = await FakeOpenId.start(mode);
      const logs = new PassThrough();
      const lines: string[] = [];
      logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
      h = await startHarness(env, { logs });
      openId.restore(); // the channel's authentication keeps the fake's URL
      h.clock.set(Date.now()); // botbuilder checks the token against the wall clock
      const claims = (serviceUrl: string) => ({
        aud: APP_ID,
        iss: 'https://api.botframework.com',
        serviceurl: serviceUrl,
        nbf: Math.floor(Date.now() / 1000) - 60,
        exp: Math.floor(Date.now() / 1000) + 600,
      });
      return { h, openId, lines, claims };
    }

    /** Log lines about the request (not the channel's start). */
    const requestLines = (lines: string[]) =>
      lines
        .map((l) => JSON.parse(l) as { msg: string; level: number })
        .filter((l) => /teams request/.test(l.msg));

    it.each([
      ['cannot be reached', 'unreachable'],
      ['answers 500', 'fails'],
    ] as const)(
      'answers a forged token with 503 when the metadata %s: one JSON log line, nothing on the console',
      async (_name, mode) => {
        const { h, lines, claims, openId } = await withMetadata(mode);
        const console = [vi.spyOn(globalThis.console, 'log'), vi.spyOn(globalThis.console, 'warn')];
        const token = openId.token(claims(h.connector.url), FakeOpenId.forgersKey());
        const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }), {
          authorization: `Bearer ${token}`,
        });
        expect(res.status).toBe(503);
        expect(JSON.parse(res.text)).toEqual({ error: 'cannot verify the request now; retry' });
        expect(h.engine.turns).toHaveLength(0);
        const logged = requestLines(lines);
        expect(logged).toHaveLength(1);
        expect(logged[0]!.msg).toMatch(/signing keys \(OpenID metadata\) could not be fetched/);
        expect(lines.join('\n')).not.toContain(token);
        // botbuilder's own console.error(err) is not reached (console.error is mocked above).
        expect(vi.mocked(globalThis.console.error)).not.toHaveBeenCalled();
        for (const spy of console) expect(spy).not.toHaveBeenCalled();
      },
    );

    it('answers a token signed with a key that is not published with 401 (one log line), and a genuine one with 200', async () => {
      const { h, lines, claims, openId } = await withMetadata('keys');
      const forged = openId.token(claims(h.connector.url), FakeOpenId.forgersKey());
      const refused = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }), {
        authorization: `Bearer ${forged}`,
      });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toEqual({ error: 'unauthorized' });
      expect(h.engine.turns).toHaveLength(0);
      expect(requestLines(lines).map((l) => l.msg)).toEqual([
        'teams request refused: the Bot Framework token is not valid',
      ]);
      const genuine = openId.token(claims(h.connector.url));
      const ok = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }), {
        authorization: `Bearer ${genuine}`,
      });
      expect(ok.status).toBe(200);
      expect(h.engine.turns).toHaveLength(1);
    });

    it('answers a genuine token for another service URL with 401', async () => {
      const { h, claims, openId } = await withMetadata('keys');
      const token = openId.token(claims('https://smba.trafficmanager.net/emea/'));
      const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }), {
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(401);
      expect(h.engine.turns).toHaveLength(0);
    });
  });

  it('refuses a conversationUpdate (install) without a token too', async () => {
    h = await startHarness(env);
    const res = await h.post(
      activity({
        serviceUrl: h.connector.url,
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:dongyu-bot' }],
      }),
    );
    expect(res.status).toBe(401);
    expect(h.engine.turns).toHaveLength(0);
    expect(h.connector.calls).toHaveLength(0);
  });

  it('ignores TEAMS_ALLOW_ANONYMOUS when an app id is set', async () => {
    h = await startHarness({ ...env, TEAMS_ALLOW_ANONYMOUS: 'true' });
    const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'hello' }));
    expect(res.status).toBe(401);
    expect(h.engine.turns).toHaveLength(0);
  });
});

describe('the whole app (src/app.ts) applies the same rules', () => {
  let app: TeamsApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  const postTo = (a: TeamsApp) =>
    fetch(`${a.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ serviceUrl: a.connector.url, text: 'hello' })),
    }).then((r) => r.status);

  it('does not serve /api/messages without Teams credentials', async () => {
    app = await TeamsApp.start({ TEAMS_ALLOW_ANONYMOUS: 'false', TELEGRAM_BOT_TOKEN: '' });
    expect(app.app.channels.map((c) => c.name)).not.toContain('teams');
    expect(await postTo(app)).toBe(404);
  });

  it('refuses a request without a token when MicrosoftAppId is set', async () => {
    app = await TeamsApp.start({
      TEAMS_ALLOW_ANONYMOUS: 'false',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'x',
    });
    expect(await postTo(app)).toBe(401);
    expect(app.connector.calls).toHaveLength(0);
    expect(await app.store.listPatientIds()).toEqual([]);
  });
});

describe('bad requests', () => {
  it('answers 400 to a body that is not JSON, and to JSON that is not an activity object', async () => {
    h = await startHarness();
    expect((await h.post('{not json')).status).toBe(400);
    expect((await h.post('[1,2,3]')).status).toBe(400);
    expect(h.engine.turns).toHaveLength(0);
  });

  it('answers 400 to an activity without a type', async () => {
    h = await startHarness();
    const a = activity({ serviceUrl: h.connector.url, text: 'hi' });
    delete a.type;
    expect((await h.post(a)).status).toBe(400);
    expect(h.engine.turns).toHaveLength(0);
  });
});

describe('precheckBearer (offline token checks)', () => {
  const ok = jwt({ aud: APP_ID, exp: NOW / 1000 + 600, iss: 'https://api.botframework.com' });

  it('lets a well-formed, current token for this bot through to full validation', () => {
    expect(precheckBearer(`Bearer ${ok}`, APP_ID, NOW)).toBeNull();
    expect(precheckBearer([`Bearer ${ok}`], APP_ID, NOW)).toBeNull();
    expect(
      precheckBearer(`Bearer ${jwt({ aud: `api://${APP_ID}`, exp: NOW / 1000 + 60 })}`, APP_ID, NOW),
    ).toBeNull();
  });

  it('names why a token is refused', () => {
    expect(precheckBearer(undefined, APP_ID, NOW)).toBe('missing');
    expect(precheckBearer('Bearer a.b', APP_ID, NOW)).toBe('malformed');
    expect(precheckBearer(`Bearer ${jwt({ aud: APP_ID })}`, APP_ID, NOW)).toBe('malformed');
    expect(precheckBearer(`Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 - 301 })}`, APP_ID, NOW)).toBe(
      'expired',
    );
    expect(precheckBearer(`Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 - 60 })}`, APP_ID, NOW)).toBeNull();
    expect(
      precheckBearer(
        `Bearer ${jwt({ aud: APP_ID, exp: NOW / 1000 + 900, nbf: NOW / 1000 + 600 })}`,
        APP_ID,
        NOW,
      ),
    ).toBe('not-yet-valid');
    expect(precheckBearer(`Bearer ${jwt({ aud: 'x', exp: NOW / 1000 + 60 })}`, APP_ID, NOW)).toBe(
      'wrong-audience',
    );
  });
});
