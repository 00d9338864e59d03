/**
 * Configuration: one zod schema over the environment, validated once at start-up. An empty
 * variable counts as unset. A bad value stops start-up with a {@link ConfigError} that names the
 * variable and what it expects.
 */
import { z } from 'zod';

const optionalString = z.string().optional();
/**
 * One of fixed values. The message is what the variable expects, like every other here: zod's own
 * ("Invalid option: expected one of ...") would read "expected" twice after the variable's name.
 */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `one of ${values.join(', ')}` });
const bool = oneOf(['true', 'false', '1', '0', 'yes', 'no']).transform(
  (v) => v === 'true' || v === '1' || v === 'yes',
);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM, e.g. 21:00');
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');

/**
 * A proxy URL: `http://` or `https://` (the proxy's own scheme; Bot API calls are tunnelled with
 * CONNECT either way), credentials allowed. Like curl, a bare `host:port` means `http://host:port`.
 * Normalised to the URL's text.
 */
const proxyUrl = z.string().transform((v, ctx) => {
  const text = v.trim();
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    ctx.addIssue({
      code: 'custom',
      message:
        'an http:// or https:// proxy URL such as http://proxy.example:3128 (SOCKS proxies are not supported)',
    });
    return z.NEVER;
  }
  return url.href;
});

const envSchema = z.object({
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'a bot token from @BotFather, like 123456:ABC-DEF...')
    .optional(),
  TELEGRAM_API_ROOT: z.url('a URL such as https://api.telegram.org').optional(),
  TELEGRAM_WEBHOOK_URL: z.url('the public https URL Telegram should post updates to').optional(),
  /** The proxy for every Bot API call; wins over HTTPS_PROXY and NO_PROXY. */
  TELEGRAM_PROXY_URL: proxyUrl.optional(),
  /** The machine's proxy for https: URLs, used for the Bot API unless NO_PROXY exempts its host. */
  HTTPS_PROXY: proxyUrl.optional(),
  /** Hosts reached without HTTPS_PROXY: host names (and their subdomains), IPs, CIDR ranges, `*`. */
  NO_PROXY: z
    .string()
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .optional(),
  TELEGRAM_START_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'seconds, e.g. 60 (how long start-up keeps trying to reach Telegram)' })
    .positive()
    .default(60),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{12,256}$/, '12 to 256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalString,
  TEAMS_ALLOW_ANONYMOUS: bool.default(false),
  PORT: z.coerce.number({ error: 'a port number from 0 to 65535' }).int().min(0).max(65535).default(3978),
  // Default 9464 (Prometheus' exporter port), or any free port when PORT is 0: see loadConfig.
  METRICS_PORT: z.coerce
    .number({ error: 'a port number from 0 to 65535' })
    .int()
    .min(0)
    .max(65535)
    .optional(),
  METRICS_HOST: z
    .string()
    .regex(/^[\w.:-]+$/, 'an address to listen on, e.g. 127.0.0.1 (or 0.0.0.0 for every interface)')
    .default('127.0.0.1'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z.string().min(1).default('dongyu:'),
  REDIS_ALLOW_EVICTION: bool.default(false),
  COUNSELLOR_TELEGRAM_CHAT_IDS: z
    .string()
    .regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, 'comma-separated Telegram chat ids, e.g. -1001234567890,12345')
    .transform((s) => s.split(',').map((x) => x.trim()))
    .optional(),
  COUNSELLOR_ENROL_CODE: z
    .string()
    .min(12, 'at least 12 characters, hard to guess (generate one: openssl rand -base64 18)')
    .optional(),
  DEFAULT_LOCALE: oneOf(['zh-CN', 'en']).default('zh-CN'),
  DEFAULT_TIMEZONE: timezone.default('Asia/Shanghai'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HISTORY_RETENTION_DAYS: z.coerce
    .number({ error: 'a whole number of days, e.g. 180' })
    .int()
    .min(1)
    .default(180),
  /** Days the audit log keeps an entry (issue 23: a retention instead of a fixed number of entries). */
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ error: 'a whole number of days, e.g. 365' })
    .int()
    .min(1)
    .default(365),
  URGENT_REALERT_MINUTES: z.coerce.number({ error: 'minutes, e.g. 15' }).positive().default(15),
  HIGH_REALERT_MINUTES: z.coerce.number({ error: 'minutes, e.g. 60' }).positive().default(60),
  DIGEST_TIME: hhmm.default('09:00'),
  /**
   * After words that may mean risk, the bot asks directly; unanswered this long, a `high` alert
   * goes to counsellors (docs/safety.md#three-outcomes).
   */
  POSSIBLE_RISK_UNANSWERED_MINUTES: z.coerce
    .number({ error: 'minutes, e.g. 30' })
    .positive()
    .max(24 * 60)
    .default(30),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'seconds, e.g. 25 (keep it below the orchestrator grace period)' })
    .positive()
    .default(25),
});

/** The validated configuration (`METRICS_PORT` always resolved to a port). */
export type Config = Omit<z.infer<typeof envSchema>, 'METRICS_PORT'> & { METRICS_PORT: number };

/** The metrics listener's port when `METRICS_PORT` is unset (Prometheus' usual exporter port). */
export const DEFAULT_METRICS_PORT = 9464;

/** Start-up stopped because a variable is invalid. Names the variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; expected: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: expected ${p.expected}`).join('\n')}\n` +
        'Fix the variable (see .env.example and the README configuration table) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/** Validates the environment (empty strings count as unset). Throws {@link ConfigError}. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') cleaned[k] = v;
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), expected: i.message })),
    );
  }
  const c = parsed.data;
  const problems: { variable: string; expected: string }[] = [];
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET)
    problems.push({
      variable: 'TELEGRAM_WEBHOOK_SECRET',
      expected: 'a secret when TELEGRAM_WEBHOOK_URL is set',
    });
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_BOT_TOKEN)
    problems.push({ variable: 'TELEGRAM_BOT_TOKEN', expected: 'a token when TELEGRAM_WEBHOOK_URL is set' });
  if (c.MicrosoftAppId && !c.MicrosoftAppPassword && c.MicrosoftAppType !== 'UserAssignedMSI')
    problems.push({
      variable: 'MicrosoftAppPassword',
      expected: 'the app password when MicrosoftAppId is set',
    });
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT !== 0 && c.METRICS_PORT === c.PORT)
    problems.push({
      variable: 'METRICS_PORT',
      expected: `a port other than PORT (${c.PORT}): metrics are served apart from the public webhooks`,
    });
  if (problems.length) throw new ConfigError(problems);
  // PORT=0 (any free port: tests, embedding) takes any free port for the metrics too, so that two
  // such apps never contend for 9464.
  return { ...c, METRICS_PORT: c.METRICS_PORT ?? (c.PORT === 0 ? 0 : DEFAULT_METRICS_PORT) };
}

/** True when Teams should serve `/api/messages`. */
export function teamsEnabled(c: Config): boolean {
  return Boolean(c.MicrosoftAppId) || c.TEAMS_ALLOW_ANONYMOUS;
}

/** True when no chat platform is configured: `npm start` opens the console chat. */
export function consoleMode(c: Config): boolean {
  return !c.TELEGRAM_BOT_TOKEN && !teamsEnabled(c);
}
