import { describe, expect, it } from 'vitest';
import {
  counsellorMessage,
  counsellorSubmit,
  parseAnswerSubmit,
  parseSlashCommand,
  patientMessage,
  plainText,
} from '../../../src/channels/teams/inbound.js';

describe('reading typed Teams messages', () => {
  it.each([
    ['/help', { name: 'help', args: '' }],
    ['/Pause   3 ', { name: 'pause', args: '3' }],
    ['/reply P-7F3K see you\nat 5', { name: 'reply', args: 'P-7F3K see you\nat 5' }],
    ['/', null],
    ['/ help', null],
    ['/7', null],
    ['7/10', null],
  ])('parseSlashCommand(%j)', (text, expected) => {
    expect(parseSlashCommand(text)).toEqual(expected);
  });

  it.each([
    ['７', { kind: 'text', text: '７' }],
    ['  我现在很想用 ', { kind: 'text', text: '我现在很想用' }],
    ['/delete', { kind: 'command', name: 'delete', args: '' }],
    ['delete', { kind: 'command', name: 'delete', args: '' }],
    ['delete everything', { kind: 'text', text: 'delete everything' }],
    ['plan 3', { kind: 'text', text: 'plan 3' }],
    ['pause 7', { kind: 'command', name: 'pause', args: '7' }],
    ['pause 七', { kind: 'command', name: 'pause', args: '七' }],
    ['pause ７', { kind: 'command', name: 'pause', args: '７' }],
    ['Pause 2周', { kind: 'command', name: 'pause', args: '2周' }],
    ['craving 8', { kind: 'text', text: 'craving 8' }],
    ['language 中文', { kind: 'command', name: 'language', args: '中文' }],
    ['help me', { kind: 'text', text: 'help me' }],
  ])('patientMessage(%j)', (text, expected) => {
    expect(patientMessage(text, [])).toEqual(expected);
  });

  it('names what arrived without text', () => {
    expect(patientMessage('', ['image/jpeg'])).toEqual({ kind: 'unsupported', what: 'image' });
    expect(patientMessage(' ', ['video/mp4'])).toEqual({ kind: 'unsupported', what: 'video' });
    expect(patientMessage('', ['audio/ogg'])).toEqual({ kind: 'unsupported', what: 'audio' });
    expect(patientMessage('', ['application/vnd.microsoft.card.hero'])).toEqual({
      kind: 'unsupported',
      what: 'card',
    });
    expect(patientMessage('', [])).toEqual({ kind: 'unsupported', what: 'empty' });
  });

  it.each([
    ['counsellor abc123', { kind: 'command', name: 'counsellor', args: 'abc123' }],
    ['Counselor abc123', { kind: 'command', name: 'counsellor', args: 'abc123' }],
    ['咨询师 abc123', { kind: 'command', name: 'counsellor', args: 'abc123' }],
    ['ACK A1', { kind: 'command', name: 'ack', args: 'A1' }],
    ['/clear P-1', { kind: 'command', name: 'clear', args: 'P-1' }],
    ['thanks all', { kind: 'text', text: 'thanks all' }],
  ])('counsellorMessage(%j)', (text, expected) => {
    expect(counsellorMessage(text)).toEqual(expected);
  });
});

describe('validating card submits', () => {
  it('accepts answers with the limits of button data', () => {
    expect(parseAnswerSubmit({ askId: 'q1', value: '30+' })).toEqual({ askId: 'q1', value: '30+' });
    expect(parseAnswerSubmit({ askId: 'q1', value: 'mind-body' })).toEqual({
      askId: 'q1',
      value: 'mind-body',
    });
    expect(parseAnswerSubmit({ askId: 'q1', value: '' })).toBeNull();
    expect(parseAnswerSubmit({ askId: '', value: 'x' })).toBeNull();
    expect(parseAnswerSubmit({ askId: 'q1', value: '是' })).toBeNull();
    expect(parseAnswerSubmit(null)).toBeNull();
  });

  it('reads counsellor submits as commands or choices', () => {
    expect(counsellorSubmit({ action: 'ack', alertId: 'A-1' })).toEqual({
      kind: 'command',
      name: 'ack',
      args: 'A-1',
    });
    expect(counsellorSubmit({ askId: 'ack', value: 'A-1' })).toEqual({
      kind: 'command',
      name: 'ack',
      args: 'A-1',
    });
    expect(counsellorSubmit({ askId: 'd1', value: 'yes' })).toEqual({
      kind: 'choice',
      askId: 'd1',
      value: 'yes',
    });
    expect(counsellorSubmit({ action: 'delete', alertId: 'A-1' })).toBeNull();
    expect(counsellorSubmit({ action: 'ack', alertId: 'x'.repeat(49) })).toBeNull();
  });
});

describe("Teams' formatting in a typed message", () => {
  it.each([
    ['<b>否</b>', '否'],
    ['<p>I slept <i>well</i></p>', 'I slept well\n'],
    ['line one<br>line two', 'line one\nline two'],
    ['&lt;3 &amp; thanks', '<3 & thanks'],
    ['5 < 7 and x > y', '5 < 7 and x > y'],
    ['<script>x</script>', '<script>x</script>'],
  ])('%j reads as %j', (text, plain) => expect(plainText(text)).toBe(plain));
});
