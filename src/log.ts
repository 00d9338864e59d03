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

/** Creates the application logger. `destination` lets tests capture output. */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'dongyu' } },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
