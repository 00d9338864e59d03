/**
 * The logger's redaction: message text, people's names and secrets are hidden at every level, but
 * an error's class name is kept (it says what went wrong: "outbox sweep failed" used to log
 * `err.name: "[redacted]"`).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

async function logged(
  write: (log: ReturnType<typeof createLogger>) => void,
): Promise<Record<string, unknown>> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => {
    text += d;
  });
  const log = createLogger('info', out);
  write(log);
  await new Promise((r) => setImmediate(r));
  return JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('log redaction', () => {
  it('keeps the name of a logged error, whether serialised by pino or given as { name, message }', async () => {
    const sweep = await logged((log) =>
      log.warn(
        { err: { name: 'MaxRetriesPerRequestError', message: 'Reached the max retries' } },
        'outbox sweep failed',
      ),
    );
    expect(sweep.err).toMatchObject({
      name: 'MaxRetriesPerRequestError',
      message: 'Reached the max retries',
    });
    const thrown = await logged((log) => log.warn({ err: new TypeError('boom') }, 'failed'));
    expect(thrown.err).toMatchObject({ type: 'TypeError' });
    const plain = await logged((log) => log.warn({ err: { name: 'Error' } }, 'failed'));
    expect(plain.err).toMatchObject({ name: 'Error' });
  });

  it('still hides names of people, message text and secrets', async () => {
    const line = await logged((log) =>
      log.info(
        {
          name: 'Zhang Wei',
          from: { name: 'Li Na', first_name: 'Pat', last_name: 'Lee', username: 'pat_l' },
          actor: { name: '李医生' },
          text: 'I want to die',
          token: '123:abc',
          err: { name: 'Zhang Wei' },
        },
        'an update',
      ),
    );
    const raw = JSON.stringify(line);
    for (const hidden of ['Zhang Wei', 'Li Na', 'Pat', 'Lee', 'pat_l', '李医生', 'I want to die', '123:abc'])
      expect(raw).not.toContain(hidden);
    expect(line).toMatchObject({ name: '[redacted]', text: '[redacted]', from: { name: '[redacted]' } });
  });
});
