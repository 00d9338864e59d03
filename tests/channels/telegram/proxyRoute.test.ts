/**
 * Which proxy the Bot API goes through: TELEGRAM_PROXY_URL always (it wins over HTTPS_PROXY and
 * NO_PROXY), otherwise HTTPS_PROXY for an https: API root that NO_PROXY does not exempt, otherwise
 * none. NO_PROXY read as curl and Go read it.
 */
import { describe, expect, it } from 'vitest';
import { noProxyMatcher, proxyRoute, shownProxy } from '../../../src/channels/telegram/proxyRoute.js';
import { loadConfig } from '../../../src/config.js';

const TELEGRAM = new URL('https://api.telegram.org');
const route = (env: Record<string, string>, origin = TELEGRAM) => proxyRoute(loadConfig(env))(origin)?.href;

describe('the Bot API proxy route', () => {
  it('goes direct with no proxy configured', () => {
    expect(route({})).toBeUndefined();
    expect(route({ NO_PROXY: '*' })).toBeUndefined();
  });

  it('takes HTTPS_PROXY for Telegram (an https: API root)', () => {
    expect(route({ HTTPS_PROXY: 'http://proxy.corp:3128' })).toBe('http://proxy.corp:3128/');
  });

  it('reaches an http: API root (a local Bot API server) directly, whatever HTTPS_PROXY says', () => {
    expect(
      route({ HTTPS_PROXY: 'http://proxy.corp:3128' }, new URL('http://127.0.0.1:8081')),
    ).toBeUndefined();
  });

  it('lets NO_PROXY exempt the API host from HTTPS_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128' };
    expect(route({ ...env, NO_PROXY: 'telegram.org' })).toBeUndefined();
    expect(route({ ...env, NO_PROXY: 'localhost, .internal' })).toBe('http://proxy.corp:3128/');
  });

  it('takes TELEGRAM_PROXY_URL over HTTPS_PROXY, over NO_PROXY, and for http: roots too', () => {
    const env = {
      TELEGRAM_PROXY_URL: 'https://user:pa%40ss@tg-proxy.example:8443',
      HTTPS_PROXY: 'http://proxy.corp:3128',
    };
    expect(route(env)).toBe('https://user:pa%40ss@tg-proxy.example:8443/');
    expect(route({ ...env, NO_PROXY: '*' })).toBe('https://user:pa%40ss@tg-proxy.example:8443/');
    expect(route(env, new URL('http://127.0.0.1:8081'))).toBe('https://user:pa%40ss@tg-proxy.example:8443/');
  });

  it('shows a proxy without its credentials', () => {
    expect(shownProxy(new URL('https://user:secret@tg-proxy.example:8443/'))).toBe(
      'https://tg-proxy.example:8443',
    );
  });
});

describe('NO_PROXY', () => {
  const exempt = (entries: string, url: string) => noProxyMatcher(entries.split(','))(new URL(url));

  it('matches a host and its subdomains, however the entry is written', () => {
    for (const entry of [
      'telegram.org',
      '.telegram.org',
      '*.telegram.org',
      'TELEGRAM.ORG',
      ' telegram.org. ',
    ]) {
      expect(exempt(entry, 'https://api.telegram.org'), entry).toBe(true);
      expect(exempt(entry, 'https://telegram.org'), entry).toBe(true);
    }
    expect(exempt('telegram.org', 'https://nottelegram.org')).toBe(false);
    expect(exempt('api.telegram.org', 'https://telegram.org')).toBe(false);
  });

  it('matches everything with *', () => {
    expect(exempt('*', 'https://api.telegram.org')).toBe(true);
  });

  it('matches a port when the entry names one (the default port of the scheme counts)', () => {
    expect(exempt('api.telegram.org:443', 'https://api.telegram.org')).toBe(true);
    expect(exempt('api.telegram.org:8443', 'https://api.telegram.org')).toBe(false);
    expect(exempt('bot.local:8081', 'https://bot.local:8081')).toBe(true);
  });

  it('matches IP addresses, IPv6 in any spelling, and CIDR ranges', () => {
    expect(exempt('127.0.0.1', 'https://127.0.0.1:8081')).toBe(true);
    expect(exempt('127.0.0.2', 'https://127.0.0.1:8081')).toBe(false);
    expect(exempt('::1', 'https://[::1]:8081')).toBe(true);
    expect(exempt('0:0:0:0:0:0:0:1', 'https://[::1]')).toBe(true);
    expect(exempt('[::1]:8081', 'https://[::1]:8081')).toBe(true);
    expect(exempt('[::1]:9999', 'https://[::1]:8081')).toBe(false);
    expect(exempt('10.0.0.0/8', 'https://10.20.30.40')).toBe(true);
    expect(exempt('10.0.0.0/8', 'https://11.0.0.1')).toBe(false);
    expect(exempt('fd00::/8', 'https://[fd12::1]')).toBe(true);
    // A range never matches a host name.
    expect(exempt('10.0.0.0/8', 'https://api.telegram.org')).toBe(false);
  });

  it('ignores empty entries and entries that are no host', () => {
    expect(exempt(',, ,', 'https://api.telegram.org')).toBe(false);
    expect(exempt('300.1.1.1/99,.', 'https://api.telegram.org')).toBe(false);
  });
});
