import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleInbound } from '../../../src/channels/console/consoleChannel.js';

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
    expect(out).toContain('988');
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
