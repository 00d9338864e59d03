import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapedLength,
  escapeHtml,
  layoutKeyboard,
  MESSAGE_LIMIT,
  renderText,
  splitText,
} from '../../../src/channels/telegram/render.js';
import { encodeButtonData } from '../../../src/engine/types.js';

const scale = Array.from({ length: 11 }, (_, i) => ({
  label: String(i),
  data: encodeButtonData('a1', String(i)),
}));

describe('escaping for HTML parse mode', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeHtml('<b>x</b> & "y" \'z\'')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; "y" \'z\'');
  });

  it('leaves no raw markup in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        expect(out.length).toBe(escapedLength(s));
      }),
    );
  });
});

describe('splitting long messages', () => {
  it('keeps a short text whole', () => {
    expect(splitText('你好，我是动愈。')).toEqual(['你好，我是动愈。']);
  });

  it('splits over 4,096 characters at paragraph breaks first', () => {
    const para = 'a'.repeat(3000);
    const chunks = splitText(`${para}\n\n${para}\n\n${para}`);
    expect(chunks).toEqual([para, para, para]);
  });

  it('falls back to sentences and then words, never beyond the limit once escaped', () => {
    const sentence = 'Walk at a pace where you can talk but not sing. ';
    const text = sentence.repeat(200);
    const chunks = splitText(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(escapedLength(c)).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(c.endsWith('sing.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(text.trim());
  });

  it('splits Chinese text after a full stop', () => {
    const text = '渴求上来时，先停下来做五分钟的呼吸练习。'.repeat(400);
    const chunks = splitText(text);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(c.endsWith('。')).toBe(true);
    }
    expect(chunks.join('')).toBe(text);
  });

  it('counts escaped length, so markup-heavy text still fits', () => {
    const chunks = splitText('<'.repeat(5000));
    for (const c of chunks) expect(escapedLength(c)).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(chunks.join('')).toBe('<'.repeat(5000));
  });

  it('never cuts an emoji in half and loses nothing but whitespace at the cuts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 0, maxLength: 3000 }),
        fc.integer({ min: 20, max: 300 }),
        (s, limit) => {
          const chunks = splitText(s, limit);
          for (const c of chunks) {
            expect(escapedLength(c)).toBeLessThanOrEqual(limit);
            expect(c).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
          }
          expect(chunks.join('').replace(/\s/g, '')).toBe(s.replace(/\s/g, ''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts the keyboard on the last part only', () => {
    const parts = renderText({ text: 'x'.repeat(9000), kind: 'scale', buttons: scale });
    expect(parts).toHaveLength(3);
    expect(parts.slice(0, 2).every((p) => !p.keyboard)).toBe(true);
    expect(parts[2]!.keyboard).toBeDefined();
  });

  it('sends an ellipsis rather than an empty message', () => {
    expect(renderText({ text: '  ' })).toEqual([{ html: '…' }]);
  });
});

describe('inline keyboards', () => {
  it('lays a 0–10 scale out as 6 + 5', () => {
    const kb = layoutKeyboard({ text: 'q', kind: 'scale', buttons: scale })!;
    expect(kb.inline_keyboard.map((r) => r.length)).toEqual([6, 5]);
    expect(kb.inline_keyboard[0]![0]).toEqual({ text: '0', callback_data: 'a1:0' });
  });

  it('puts yes/no in one row, in both languages', () => {
    for (const [y, n] of [
      ['Yes', 'No'],
      ['是', '否'],
    ]) {
      const kb = layoutKeyboard({
        text: 'q',
        kind: 'yesno',
        buttons: [
          { label: y!, data: 'a2:yes' },
          { label: n!, data: 'a2:no' },
        ],
      })!;
      expect(kb.inline_keyboard.map((r) => r.length)).toEqual([2]);
    }
  });

  it('puts long choices one per row', () => {
    const kb = layoutKeyboard({
      text: 'q',
      kind: 'choice',
      buttons: [
        { label: '5-min paced breathing', data: 's1:breath' },
        { label: '15-min brisk walk', data: 's1:walk' },
        { label: 'Not now', data: 's1:no' },
      ],
    })!;
    expect(kb.inline_keyboard.map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it('drops buttons Telegram would refuse (callback data over 64 bytes)', () => {
    const kb = layoutKeyboard({
      text: 'q',
      buttons: [
        { label: 'ok', data: 'a3:ok' },
        { label: 'too long', data: `a3:${'x'.repeat(70)}` },
      ],
    })!;
    expect(kb.inline_keyboard.flat().map((b) => b.text)).toEqual(['ok']);
    expect(layoutKeyboard({ text: 'q', buttons: [] })).toBeUndefined();
  });
});
