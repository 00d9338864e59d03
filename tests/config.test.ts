import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, consoleMode, loadConfig, teamsEnabled } from '../src/config.js';
import { ContentError, loadContent } from '../src/content.js';

describe('configuration from the environment', () => {
  it('has working defaults: console chat, memory store, zh-CN, Asia/Shanghai, port 3978', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3978,
      DEFAULT_LOCALE: 'zh-CN',
      DEFAULT_TIMEZONE: 'Asia/Shanghai',
      SHUTDOWN_TIMEOUT_SECONDS: 25,
      TELEGRAM_START_TIMEOUT_SECONDS: 60,
    });
    expect(c.REDIS_URL).toBeUndefined();
    expect(consoleMode(c)).toBe(true);
  });

  it('serves metrics apart: METRICS_PORT 9464 on 127.0.0.1 by default, any free port with PORT=0', () => {
    expect(loadConfig({})).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '127.0.0.1' });
    expect(loadConfig({ PORT: '0' }).METRICS_PORT).toBe(0);
    expect(loadConfig({ PORT: '0', METRICS_PORT: '9100' }).METRICS_PORT).toBe(9100);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrowError(
      /METRICS_PORT: expected a port other than PORT \(8080\)/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '', PORT: '  ' }).PORT).toBe(3978);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN'],
    [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [
      { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_URL: 'https://x.example/tg' },
      'TELEGRAM_WEBHOOK_SECRET',
    ],
    [{ MicrosoftAppId: 'app' }, 'MicrosoftAppPassword'],
    [{ SHUTDOWN_TIMEOUT_SECONDS: 'soon' }, 'SHUTDOWN_TIMEOUT_SECONDS'],
    [{ TELEGRAM_START_TIMEOUT_SECONDS: 'forever' }, 'TELEGRAM_START_TIMEOUT_SECONDS'],
    [{ TELEGRAM_START_TIMEOUT_SECONDS: '0' }, 'TELEGRAM_START_TIMEOUT_SECONDS'],
  ])('a bad value stops start-up naming the variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(`${variable}: expected`));
  });

  // One case per variable that can be invalid on its own.
  it.each([
    { LOG_LEVEL: 'loud' },
    { DEFAULT_LOCALE: 'fr' },
    { MicrosoftAppType: 'Personal' },
    { TEAMS_ALLOW_ANONYMOUS: 'maybe' },
    { PORT: '70000' },
    { METRICS_PORT: '70000' },
    { METRICS_HOST: 'http://x' },
    { TELEGRAM_BOT_TOKEN: 'x' },
    { TELEGRAM_API_ROOT: 'nope' },
    { TELEGRAM_WEBHOOK_URL: 'nope' },
    { TELEGRAM_WEBHOOK_SECRET: 'short' },
    { REDIS_URL: 'x' },
    { COUNSELLOR_TELEGRAM_CHAT_IDS: 'abc' },
    { COUNSELLOR_ENROL_CODE: 'x' },
    { COUNSELLOR_ENROL_CODE: 'elevenchars' },
    { DEFAULT_TIMEZONE: 'Mars/Olympus' },
    { HISTORY_RETENTION_DAYS: '0' },
    { URGENT_REALERT_MINUTES: '-1' },
    { HIGH_REALERT_MINUTES: 'x' },
    { DIGEST_TIME: '25:00' },
    { SHUTDOWN_TIMEOUT_SECONDS: '0' },
    { TELEGRAM_START_TIMEOUT_SECONDS: '-5' },
    { TELEGRAM_PROXY_URL: 'socks5://127.0.0.1:1080' },
    { HTTPS_PROXY: 'ftp://proxy.example' },
  ])('the message for %j says once, plainly, what the variable expects', (env) => {
    const [variable] = Object.keys(env);
    const line = (() => {
      try {
        loadConfig(env);
      } catch (err) {
        return (err as Error).message.split('\n')[1];
      }
    })();
    expect(line).toMatch(new RegExp(`^  ${variable}: expected `));
    expect(line?.match(/expected/g)).toHaveLength(1);
    expect(line).not.toMatch(/invalid/i);
  });

  it('names the allowed values of an enumerated variable', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrowError(
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent\n',
    );
    expect(() => loadConfig({ DEFAULT_LOCALE: 'fr' })).toThrowError(
      'DEFAULT_LOCALE: expected one of zh-CN, en\n',
    );
  });

  it('reads the Bot API proxy variables: a bare host:port is http://, NO_PROXY is split', () => {
    const c = loadConfig({
      TELEGRAM_PROXY_URL: 'https://user:secret@tg-proxy.example:8443',
      HTTPS_PROXY: 'proxy.corp:3128',
      NO_PROXY: 'localhost, .internal,10.0.0.0/8  [::1]:8081',
    });
    expect(c.TELEGRAM_PROXY_URL).toBe('https://user:secret@tg-proxy.example:8443/');
    expect(c.HTTPS_PROXY).toBe('http://proxy.corp:3128/');
    expect(c.NO_PROXY).toEqual(['localhost', '.internal', '10.0.0.0/8', '[::1]:8081']);
    expect(() => loadConfig({ TELEGRAM_PROXY_URL: 'socks5://127.0.0.1:1080' })).toThrowError(
      'TELEGRAM_PROXY_URL: expected an http:// or https:// proxy URL such as http://proxy.example:3128 (SOCKS proxies are not supported)\n',
    );
  });

  it('turns platforms on by their variables', () => {
    expect(consoleMode(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }))).toBe(false);
    expect(teamsEnabled(loadConfig({ TEAMS_ALLOW_ANONYMOUS: 'true' }))).toBe(true);
    expect(teamsEnabled(loadConfig({}))).toBe(false);
  });
});

describe('flow content files', () => {
  it('a malformed file stops start-up naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dongyu-content-'));
    cpSync(join(import.meta.dirname, '..', 'flows', 'content'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'thresholds.json'),
      JSON.stringify({ ...loadContent().thresholds, adultAge: 'eighteen' }),
    );
    expect(() => loadContent(dir)).toThrowError(ContentError);
    expect(() => loadContent(dir)).toThrowError(/thresholds\.json at "adultAge"/);
  });

  it('refuses to keep fewer craving ratings than the rising-craving rule reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dongyu-content-'));
    cpSync(join(import.meta.dirname, '..', 'flows', 'content'), dir, { recursive: true });
    const thresholds = loadContent().thresholds;
    writeFileSync(
      join(dir, 'thresholds.json'),
      JSON.stringify({ ...thresholds, kept: { ...thresholds.kept, cravingRatings: 5 } }),
    );
    expect(() => loadContent(dir)).toThrowError(
      /thresholds\.json at "kept\.cravingRatings": keep at least 8/,
    );
  });
});
