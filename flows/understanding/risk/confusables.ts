/**
 * Letters from other scripts that look like Latin ones ("kіll mysеlf" with a Cyrillic і and е, "dеad"
 * with a Cyrillic е, "ѕuicide" with a Cyrillic ѕ), folded to the Latin letter they imitate. The text is
 * lower-cased first, so only lower-case forms are listed. A word written wholly in Russian or Greek
 * becomes nonsense in Latin letters, which matches nothing: harmless.
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  н: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  о: 'o',
  р: 'p',
  с: 'c',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  // Latin letters that are not ASCII and have no decomposition
  ı: 'i',
  ɩ: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ß: 'ss',
};

const LOOKALIKE_CHARS = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/** Lower-case text with look-alike letters of other scripts replaced by the Latin letters they imitate. */
export function foldLookalikes(text: string): string {
  return text.replace(LOOKALIKE_CHARS, (c) => LOOKALIKES[c] ?? c);
}
