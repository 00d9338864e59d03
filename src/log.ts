/**
 * Logging: pino JSON with every field that could carry what a patient wrote, a name or a secret
 * redacted. Log ids and codes, never content.
 */
import { type Logger, pino } from 'pino';

/** Paths redacted in every log line (message text, names, tokens, secrets). */
export const REDACT_PATHS = [
  'text',
  '*.text',
  'message.text',
  'msg.text',
  'name',
  '*.name',
  'first_name',
  '*.first_name',
  'last_name',
  '*.last_name',
  'username',
  '*.username',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'args',
  '*.args',
];

const CENSORED = '[redacted]';

/** An error's class name: `Error`, `TypeError`, `TelegramDeliveryError`, `AbortError`, ... */
const ERROR_CLASS = /^(?:[A-Z][A-Za-z0-9]*)?(?:Error|Exception)$/;

/**
 * What a redacted field becomes. A `name` is a person's (a Teams display name, a counsellor's),
 * except an error's class name (`err.name` once pino has serialised an error, or a logged
 * `{ name, message }`): it says what went wrong and is kept. (pino does not tell a censor which
 * object a wildcard matched, so the value decides: nobody is called `TypeError`.) Everything else
 * on the list is always hidden.
 */
export function censor(value: unknown, path: readonly unknown[]): unknown {
  if (path[path.length - 1] === 'name' && typeof value === 'string' && ERROR_CLASS.test(value)) return value;
  return CENSORED;
}

/** Creates the application logger. `destination` lets tests capture output. */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor }, base: { app: 'dongyu' } },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
