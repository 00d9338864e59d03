/**
 * The assessment shown back after screening gives the mood score with its scale: out of 6 for the
 * PHQ-2 alone, out of 27 when the PHQ-9 followed (a bare "9" tells the patient nothing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the assessment summary', () => {
  it('gives the PHQ-2 score out of 6 (en) and the scale in Chinese', async () => {
    h = await Harness.create();
    const en = h.patient('scale-en');
    await onboard(en);
    expect(en.inbox.map((m) => m.text).join('\n')).toMatch(/On the mood questions you scored \d+ out of 6/);
    const zh = h.patient('scale-zh', 'zh-CN');
    await onboard(zh, { zh: true });
    expect(zh.inbox.map((m) => m.text).join('\n')).toMatch(/情绪问卷得分 \d+（满分 6）/);
  });
});
