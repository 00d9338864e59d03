import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { choiceOptions } from '../../../flows/machine/asks.js';
import type { PatientContext } from '../../../flows/machine/types.js';
import {
  CONSOLE_PATIENT,
  ConsoleChannel,
  consoleInbound,
} from '../../../src/channels/console/consoleChannel.js';
import { readAnswer } from '../../../src/engine/interpret.js';
import type { Inbound } from '../../../src/engine/types.js';
import { I18n } from '../../../src/i18n.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Runs `npm start`'s program with piped input; resolves with everything it printed. */
function chat(lines: string[], lang: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--lang', lang], {
      cwd: ROOT,
      env,
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out));
    child.stdin.end(`${lines.join('\n')}\n/quit\n`);
  });
}

describe('the console chat (npm start with no platform configured)', () => {
  it('chats through consent in English and prints counsellor alerts apart', async () => {
    const out = await chat(['hello', '1', '30', 'I want to kill myself'], 'en');
    expect(out).toContain('Do you agree?');
    expect(out).toContain('how old are you');
    expect(out).toContain('12356'); // the deployment's zone (Asia/Shanghai), in English
    expect(out).toMatch(/to the counsellors[\s\S]*🔴/);
  }, 30_000);

  it('speaks Chinese with --lang zh-CN', async () => {
    const out = await chat(['你好'], 'zh-CN');
    expect(out).toContain('你同意吗？');
  }, 30_000);
});

describe('typed lines in the console', () => {
  const buttons = [{ data: '5:yes' }, { data: '5:no' }];
  it.each([
    ['2', true, { kind: 'choice', askId: '5', value: 'no' }],
    ['2', false, { kind: 'text', text: '2' }],
    ['/pause 3', true, { kind: 'command', name: 'pause', args: '3' }],
    ['9', true, { kind: 'text', text: '9' }],
  ])('%j (numbered: %s)', (line, numbered, expected) => {
    expect(consoleInbound(line, buttons, numbered)).toEqual(expected);
  });
});

describe('options in the console', () => {
  /** A console chat on in-memory streams: what it printed, and what each typed line became. */
  async function consoleChat() {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => {
      printed += d;
    });
    const received: Inbound[] = [];
    const channel = new ConsoleChannel({ input, output, onInbound: async (m) => void received.push(m) });
    await channel.start();
    const type = async (line: string) => {
      const before = received.length;
      input.write(`${line}\n`);
      await expect.poll(() => received.length).toBe(before + 1);
      return received.at(-1);
    };
    return { channel, type, printed: () => printed };
  }

  it('shows PHQ answers by their scores, so a typed 1 means "several days" as in Telegram', async () => {
    const i18n = new I18n();
    // The flow's own PHQ options, labelled as the flow labels them.
    const options = choiceOptions('screening.phqOption', ['0', '1', '2', '3']);
    const ask = { id: '7', field: 'phq', kind: 'choice', prompt: { key: 'screening.phq.interest' }, options };
    const chat = await consoleChat();
    await chat.channel.send(CONSOLE_PATIENT, {
      text: 'Little interest or pleasure in doing things?',
      kind: 'choice',
      askId: ask.id,
      buttons: options.map((o) => ({ label: i18n.t('en', o.label.key), data: `${ask.id}:${o.value}` })),
    });
    expect(chat.printed()).toContain('   0) Not at all\n   1) Several days\n');
    // What the console hands on for "1" is read by the flow (as a Telegram message would be) as score 1.
    const typed = await chat.type('1');
    const context = { ask } as unknown as PatientContext;
    expect(typed?.kind === 'text' ? readAnswer(context, typed.text, i18n) : typed).toBe(1);
    await chat.channel.stop();
  });

  it('numbers options that are not numbers by position, and maps the position to the option', async () => {
    const chat = await consoleChat();
    await chat.channel.send(CONSOLE_PATIENT, {
      text: 'Where do you like to exercise?',
      kind: 'choice',
      buttons: ['indoors', 'outdoors', 'either'].map((v) => ({ label: v, data: `8:${v}` })),
    });
    expect(chat.printed()).toContain('   1) indoors\n   2) outdoors\n   3) either\n');
    expect(await chat.type('2')).toEqual({ kind: 'choice', askId: '8', value: 'outdoors' });
    await chat.channel.stop();
  });

  it('does not number options where a typed number is an amount (hours of sleep), and passes it on', async () => {
    const chat = await consoleChat();
    await chat.channel.send(CONSOLE_PATIENT, {
      text: 'How did you sleep? Tap one, or type the hours.',
      kind: 'choice',
      numbersAreAmounts: true,
      buttons: ['poor', 'ok', 'good'].map((v) => ({ label: v, data: `9:${v}` })),
    });
    expect(chat.printed()).toContain('   [poor] [ok] [good]\n');
    expect(await chat.type('7')).toEqual({ kind: 'text', text: '7' });
    await chat.channel.stop();
  });
});
