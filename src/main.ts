/**
 * `npm start`: validates the configuration, builds the app and runs it until SIGTERM/SIGINT.
 * With no chat platform configured it opens the console chat (`--lang zh-CN|en`).
 */
import { existsSync } from 'node:fs';
import { type App, createApp } from './app.js';
import { CONSOLE_COUNSELLORS, CONSOLE_PATIENT, ConsoleChannel } from './channels/console/consoleChannel.js';
import { ConfigError, consoleMode, loadConfig } from './config.js';
import { ContentError } from './content.js';
import { isCounsellorCommand } from './escalation/counsellorDesk.js';
import { ListenError } from './http/server.js';
import { localeFromLanguageCode } from './i18n.js';
import { createLogger } from './log.js';
import { captureConsole } from './ops/consoleCapture.js';
import { StartError } from './startError.js';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
}

async function main(): Promise<void> {
  // A local `.env` (see .env.example) fills in variables the environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const isConsole = consoleMode(config);
  const lang = argValue('--lang') ?? config.DEFAULT_LOCALE;
  const consoleLocale = localeFromLanguageCode(lang, config.DEFAULT_LOCALE);
  let app: App | undefined;
  const consoleChannel = isConsole
    ? new ConsoleChannel({
        onInbound: (message) =>
          // Counsellor commands typed in the console act as the counsellor (try /patients, /ack ID);
          // `/export CODE` is the counsellor's export, `/export` alone the patient's.
          message.kind === 'command' &&
          (isCounsellorCommand(message.name) || (message.name === 'export' && message.args.trim() !== ''))
            ? app!.desk
                .handle({
                  address: CONSOLE_COUNSELLORS,
                  actor: { id: 'console', name: 'Counsellor' },
                  languageCode: lang,
                  message,
                })
                .then(() => undefined)
            : app!.engine.handle({
                patientId: 'console:patient',
                address: CONSOLE_PATIENT,
                languageCode: lang,
                message,
              }),
        onClose: () => void shutdown(0),
        label: (key, id) => app!.i18n.t(consoleLocale, `console.${key}`, { id }),
      })
    : undefined;
  // In the console chat, logs go to stderr at warn level so they do not mix with the conversation.
  const logger = isConsole
    ? createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr)
    : createLogger(config.LOG_LEVEL);
  // Libraries' console lines (BullMQ, botbuilder) become JSON log lines: stdout stays JSON only.
  captureConsole(logger);
  app = await createApp(config, { channels: consoleChannel ? [consoleChannel] : [], logger });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // A send stuck in a platform's retries (a chat answering 5xx for minutes) must not hold the
    // process past the orchestrator's grace period: leave in time, as a SIGKILL would but logged.
    // What was committed and not yet sent stays in the outbox for the next start.
    const deadline = setTimeout(() => {
      app!.log.error(
        { timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS },
        'shutdown did not finish in time; exiting, the outbox keeps what was not sent',
      );
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    deadline.unref();
    await app!.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  await app.start();
  if (isConsole) {
    // After start: registering the configured destinations replaces the configured set.
    await app.store.addCounsellorDestination({
      address: CONSOLE_COUNSELLORS,
      locale: consoleLocale,
      source: 'config',
      addedAt: Date.now(),
    });
    process.stdout.write(`${app.i18n.t(consoleLocale, 'console.banner')}\n`);
  }
  if (isConsole)
    await app.engine.handle({
      patientId: 'console:patient',
      address: CONSOLE_PATIENT,
      languageCode: lang,
      message: { kind: 'hello' },
    });
}

main().catch((err) => {
  // Problems the operator fixes (the message says how): one line, no stack trace.
  if (
    err instanceof ConfigError ||
    err instanceof ContentError ||
    err instanceof ListenError ||
    err instanceof StartError
  ) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Dongyu could not start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
