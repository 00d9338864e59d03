/**
 * The console chat's files (issue 23): charts and data exports are written to disk named by the
 * patient they are about, and the patient's `/delete` erases every one of them (another patient's
 * stay). The whole app behind a console chat on in-memory streams.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../../src/app.js';
import { CONSOLE_PATIENT, ConsoleChannel } from '../../../src/channels/console/consoleChannel.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { fileSubject } from '../../../src/model/fileSubject.js';
import { InProcessScheduler } from '../../../src/scheduling/inProcessScheduler.js';
import { TYPED_ONBOARDING } from '../../support/onboardingAnswers.js';

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('files the console writes', () => {
  it('are named by their patient, and go with the patient’s /delete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dongyu-console-'));
    const chartDir = join(dir, 'charts');
    const exportDir = join(dir, 'exports');
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => {
      printed += d;
    });
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0));
    const channel = new ConsoleChannel({
      input: new PassThrough(),
      output,
      chartDir,
      exportDir,
      onInbound: async () => {},
    });
    app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), {
      clock,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
      channels: [channel],
    });
    await app.start();
    const patientId = 'console:patient';
    const say = (text: string) =>
      app!.engine.handle({
        patientId,
        address: CONSOLE_PATIENT,
        languageCode: 'en',
        message: { kind: 'text', text },
      });
    const command = (name: string) =>
      app!.engine.handle({
        patientId,
        address: CONSOLE_PATIENT,
        message: { kind: 'command', name, args: '' },
      });

    await app.engine.handle({
      patientId,
      address: CONSOLE_PATIENT,
      languageCode: 'en',
      message: { kind: 'hello' },
    });
    for (const answer of TYPED_ONBOARDING.en) await say(answer);
    await command('export');
    const subject = fileSubject(patientId);
    const exports = readdirSync(exportDir);
    expect(exports).toEqual([
      expect.stringMatching(new RegExp(`^${subject}-\\d+-\\d+-dongyu-P-\\w{4}-2026-03-02\\.json$`)),
      expect.stringMatching(new RegExp(`^${subject}-\\d+-\\d+-dongyu-P-\\w{4}-2026-03-02\\.csv$`)),
    ]);
    expect(JSON.parse(readFileSync(join(exportDir, exports[0]!), 'utf8')).schema).toBe(
      'dongyu.patient-export',
    );
    expect(printed).toContain(join(exportDir, exports[0]!));

    // A chart of this patient (as /progress writes one) and one of someone else.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await channel.send(CONSOLE_PATIENT, { text: 'chart', image: { png, alt: 'chart' }, subject });
    const other = fileSubject('console:someone-else');
    await channel.send(CONSOLE_PATIENT, { text: 'chart', image: { png, alt: 'chart' }, subject: other });
    expect(readdirSync(chartDir)).toHaveLength(2);

    await command('delete');
    await say('yes');
    expect((await app.store.loadPatient(patientId)).status).toBe('missing');
    expect(readdirSync(exportDir)).toEqual([]);
    expect(readdirSync(chartDir)).toEqual([expect.stringMatching(new RegExp(`^${other}-`))]);
    expect(existsSync(dir)).toBe(true);
  });
});
