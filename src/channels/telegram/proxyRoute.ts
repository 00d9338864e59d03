/**
 * Which proxy the Bot API is reached through, from the configuration:
 *
 * 1. `TELEGRAM_PROXY_URL`, when set, for every Bot API call, whatever `NO_PROXY` says (it names a
 *    proxy for Telegram alone, so it wins over the machine-wide variables);
 * 2. otherwise `HTTPS_PROXY` for an `https:` API root (Telegram's is one) whose host `NO_PROXY`
 *    does not exempt; an `http:` root (a local Bot API server) is reached directly, as `curl` would;
 * 3. otherwise directly.
 *
 * `NO_PROXY` entries, comma- or space-separated, as curl and Go read them: `*` (every host), a host
 * name that also covers its subdomains (`example.com`, `.example.com` and `*.example.com` all match
 * `api.example.com`), an IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`), each optionally with
 * `:port` (`[::1]:8081` for IPv6).
 */
import { BlockList, isIP } from 'node:net';
import type { ProxyRoute } from './undiciTransport.js';

/** The variables that decide the route (validated by `src/config.ts`). */
export interface ProxySettings {
  TELEGRAM_PROXY_URL?: string;
  HTTPS_PROXY?: string;
  /** The `NO_PROXY` entries, already split. */
  NO_PROXY?: string[];
}

/** The route for the Bot API: see the module comment. */
export function proxyRoute(settings: ProxySettings): ProxyRoute {
  const own = settings.TELEGRAM_PROXY_URL ? new URL(settings.TELEGRAM_PROXY_URL) : undefined;
  const shared = settings.HTTPS_PROXY ? new URL(settings.HTTPS_PROXY) : undefined;
  const exempt = noProxyMatcher(settings.NO_PROXY ?? []);
  return (origin) => {
    if (own) return own;
    if (!shared || origin.protocol !== 'https:') return undefined;
    return exempt(origin) ? undefined : shared;
  };
}

/** The proxy as logs may show it: scheme, host and port, never its credentials. */
export function shownProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/** One parsed `NO_PROXY` entry. */
type Rule =
  | { kind: 'all' }
  | { kind: 'domain'; name: string; port?: string }
  | { kind: 'ip'; address: string; port?: string }
  | { kind: 'cidr'; range: BlockList };

/** A test of whether `NO_PROXY` exempts an origin. */
export function noProxyMatcher(entries: string[]): (origin: URL) => boolean {
  const rules = entries.map(parseEntry).filter((r): r is Rule => r !== undefined);
  if (!rules.length) return () => false;
  return (origin) => {
    const host = origin.hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '');
    const port = origin.port || (origin.protocol === 'https:' ? '443' : '80');
    const family = isIP(host);
    return rules.some((rule) => {
      switch (rule.kind) {
        case 'all':
          return true;
        case 'cidr':
          return family !== 0 && rule.range.check(host, family === 4 ? 'ipv4' : 'ipv6');
        case 'ip':
          return (
            (rule.port === undefined || rule.port === port) && family !== 0 && sameIp(host, rule.address)
          );
        case 'domain':
          return (
            (rule.port === undefined || rule.port === port) &&
            (host === rule.name || host.endsWith(`.${rule.name}`))
          );
      }
      return false;
    });
  };
}

function parseEntry(raw: string): Rule | undefined {
  const entry = raw.trim().toLowerCase();
  if (!entry) return undefined;
  if (entry === '*') return { kind: 'all' };
  const slash = entry.indexOf('/');
  if (slash > 0) {
    const address = entry.slice(0, slash).replace(/^\[|\]$/g, '');
    const bits = Number(entry.slice(slash + 1));
    const family = isIP(address);
    if (!family || !Number.isInteger(bits)) return undefined;
    const range = new BlockList();
    const type = family === 4 ? 'ipv4' : 'ipv6';
    range.addSubnet(address, bits, type);
    return { kind: 'cidr', range };
  }
  let host = entry;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if ((entry.match(/:/g) ?? []).length === 1) {
    [host, port] = entry.split(':') as [string, string];
  }
  if (isIP(host)) return { kind: 'ip', address: host, ...(port ? { port } : {}) };
  const name = host.replace(/^\*?\./, '').replace(/\.$/, '');
  return name ? { kind: 'domain', name, ...(port ? { port } : {}) } : undefined;
}

/** Two IP addresses written differently may be the same (`::1` and `0:0:0:0:0:0:0:1`). */
function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  const family = isIP(a);
  if (family !== isIP(b)) return false;
  const one = new BlockList();
  one.addAddress(b, family === 4 ? 'ipv4' : 'ipv6');
  return one.check(a, family === 4 ? 'ipv4' : 'ipv6');
}
