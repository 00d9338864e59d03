/**
 * The text as the risk reader sees it (docs/safety.md#normalise). Everything that changes how a
 * message looks without changing what it says is undone here, so the lexicons need one spelling:
 *
 * - compatibility forms (full-width ｋｉｌｌ, ligatures, 𝐛𝐨𝐥𝐝 letters) become plain letters (NFKD);
 * - combining marks (accents, the dot of a Turkish İ) are dropped;
 * - every format character (Unicode category Cf: the bidi marks U+200E/U+200F, embeddings and isolates
 *   U+202A–U+202E and U+2066–U+2069, zero-width spaces and joiners, the soft hyphen, the BOM) is
 *   dropped, so "kill‎ myself" or 自‏杀 with an invisible mark inside read as written;
 * - letters of other scripts that imitate Latin ones (Cyrillic е in "dеad") become Latin;
 * - curly quotes become straight;
 * - traditional characters become simplified, and written Cantonese becomes Mandarin;
 * - a message typed one character at a time with spaces (我 想 死) is closed up.
 *
 * Stretched letters ("diiiie"), run-together words ("killmyself") and typos are repaired word by word
 * when the text is cut into tokens (`tokens.ts`), because that needs the lexicon's vocabulary.
 */
import { foldCantonese } from './cantonese.js';
import { foldLookalikes } from './confusables.js';
import { simplifiedChar } from './traditional.js';

// One Han character standing alone between spaces, three or more in a row: 我 想 死 → 我想死.
const SPACED_HAN = /(?<!\p{Script=Han})\p{Script=Han}(?: \p{Script=Han}(?!\p{Script=Han})){2,}/gu;
const NOT_ASCII = /[^\x00-\x7f]/;
const HAN = /\p{Script=Han}/u;

/** The normalised form of a message: what the lexicons are matched against. Linear in its length. */
export function normalise(text: string): string {
  let t = text.toLowerCase();
  // Most English messages are plain ASCII: nothing to decompose, fold or simplify.
  if (NOT_ASCII.test(t)) {
    t = foldLookalikes(t.normalize('NFKD'))
      .replace(/[\p{M}\p{Cf}]/gu, '')
      .replace(/[\u2018\u2019\u201a\u201b\u02bc\u00b4\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
      .replace(/[\u3000\u00a0]/g, ' ');
    if (HAN.test(t)) {
      t = foldCantonese(t.replace(/\p{Script=Han}/gu, simplifiedChar)).replace(SPACED_HAN, (run) =>
        run.replace(/ /g, ''),
      );
    }
  }
  return t
    .replace(/`/g, "'")
    .replace(/[\t\r\f\v]/g, ' ')
    .replace(/ {2,}/g, ' ');
}
