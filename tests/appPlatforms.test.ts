/**
 * A platform's SDK is loaded only when that platform is configured. botbuilder alone holds about
 * 20 MB of heap, which every major garbage collection of a Telegram-only or console instance would
 * otherwise mark for nothing (docs/benchmarks.md#the-open-loop-p99). Checked in a child process, whose
 * module cache holds only what `createApp` loaded.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Which SDKs a process that built the app with `env` has loaded. */
async function sdksLoadedWith(
  env: Record<string, string>,
): Promise<{ botbuilder: boolean; grammy: boolean }> {
  const script = `
    import { createRequire } from 'node:module';
    const { createApp } = await import('./src/app.ts');
    const { loadConfig } = await import('./src/config.ts');
    await createApp(loadConfig(${JSON.stringify({ PORT: '0', LOG_LEVEL: 'silent', ...env })}));
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const has = (name) => loaded.some((k) => k.includes('/node_modules/' + name + '/'));
    console.log(JSON.stringify({ botbuilder: has('botbuilder'), grammy: has('grammy') }));
    process.exit(0);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('platform SDKs', () => {
  it('neither botbuilder nor grammY is loaded when no platform is configured (console)', async () => {
    expect(await sdksLoadedWith({})).toEqual({ botbuilder: false, grammy: false });
  }, 60_000);

  it('a Telegram-only instance loads grammY and not botbuilder', async () => {
    expect(await sdksLoadedWith({ TELEGRAM_BOT_TOKEN: '123:abc' })).toEqual({
      botbuilder: false,
      grammy: true,
    });
  }, 60_000);

  it('an instance with Teams configured loads botbuilder', async () => {
    const loaded = await sdksLoadedWith({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' });
    expect(loaded.botbuilder).toBe(true);
  }, 60_000);
});
