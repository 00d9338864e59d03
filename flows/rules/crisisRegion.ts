/**
 * Which crisis and emergency numbers apply to a patient (docs/clinical-protocol.md#crisis-lines-by-region):
 * mainland China, Hong Kong, Taiwan, the United States, or anywhere else. The region comes from the
 * patient's time zone alone; their language only decides how the numbers are worded.
 */
import { canonicalZone } from './localTime.js';

/** A crisis-number region; `locales/<lang>/safety.json` has `numbers.<region>` and `emergency.<region>`. */
export type CrisisRegion = 'CN' | 'HK' | 'TW' | 'US' | 'UK' | 'EU' | 'other';

/** Every region, in the order the locale catalogues list them. */
export const CRISIS_REGIONS: readonly CrisisRegion[] = ['CN', 'HK', 'TW', 'US', 'UK', 'EU', 'other'];

/**
 * The IANA zones of each named region with their backward-compatible aliases (tzdata `backward`),
 * because a stored or typed zone may be either, and engines disagree on which one is canonical
 * (Node 20's ICU turns America/Indiana/Indianapolis into America/Indianapolis, newer engines keep it).
 * Macau (Asia/Macau) is not Hong Kong: 18111 is a Hong Kong line, so Macau gets "other".
 */
const ZONES: Record<Exclude<CrisisRegion, 'other' | 'EU'>, readonly string[]> = {
  CN: [
    'Asia/Shanghai',
    'Asia/Urumqi',
    'Asia/Chongqing',
    'Asia/Chungking',
    'Asia/Harbin',
    'Asia/Kashgar',
    'PRC',
  ],
  HK: ['Asia/Hong_Kong', 'Hongkong'],
  // The UK and the Crown dependencies: 999 (112 works too) and Samaritans 116 123.
  UK: [
    'Europe/London',
    'GB',
    'GB-Eire',
    'Europe/Belfast',
    'Europe/Guernsey',
    'Europe/Isle_of_Man',
    'Europe/Jersey',
  ],
  TW: ['Asia/Taipei', 'ROC'],
  // The fifty states and DC (zone.tab "US"); territories such as Puerto Rico or Guam are "other".
  US: [
    'America/New_York',
    'America/Detroit',
    'America/Kentucky/Louisville',
    'America/Kentucky/Monticello',
    'America/Indiana/Indianapolis',
    'America/Indiana/Vincennes',
    'America/Indiana/Winamac',
    'America/Indiana/Marengo',
    'America/Indiana/Petersburg',
    'America/Indiana/Vevay',
    'America/Chicago',
    'America/Indiana/Tell_City',
    'America/Indiana/Knox',
    'America/Menominee',
    'America/North_Dakota/Center',
    'America/North_Dakota/New_Salem',
    'America/North_Dakota/Beulah',
    'America/Denver',
    'America/Boise',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'America/Juneau',
    'America/Sitka',
    'America/Metlakatla',
    'America/Yakutat',
    'America/Nome',
    'America/Adak',
    'Pacific/Honolulu',
    // Aliases.
    'America/Atka',
    'America/Fort_Wayne',
    'America/Indianapolis',
    'America/Knox_IN',
    'America/Louisville',
    'America/Shiprock',
    'Navajo',
    'Pacific/Johnston',
    'US/Alaska',
    'US/Aleutian',
    'US/Arizona',
    'US/Central',
    'US/East-Indiana',
    'US/Eastern',
    'US/Hawaii',
    'US/Indiana-Starke',
    'US/Michigan',
    'US/Mountain',
    'US/Pacific',
  ],
};

/** Lower-cased zone name → region (zone names are matched without regard to case, as Intl does). */
const REGION_BY_ZONE = new Map<string, CrisisRegion>(
  Object.entries(ZONES).flatMap(([region, zones]) =>
    zones.map((zone) => [zone.toLowerCase(), region as CrisisRegion] as const),
  ),
);

/**
 * The region whose crisis numbers apply, from the patient's time zone only (any spelling: case,
 * aliases), never from their language: a Chinese speaker in Paris gets "other" (the local emergency
 * number, in Chinese), an English speaker in Shanghai "CN" (12356 and 120/110, in English).
 */
export function regionFor(timezone: string): CrisisRegion {
  const direct = REGION_BY_ZONE.get(timezone.toLowerCase());
  if (direct) return direct;
  const zone = canonicalZone(timezone);
  const named = zone && REGION_BY_ZONE.get(zone.toLowerCase());
  if (named) return named;
  // Elsewhere in Europe 112 reaches emergency services (EU and EEA, and most of the continent).
  return zone && EUROPE.test(zone) ? 'EU' : 'other';
}

/** Zones of the European continent where 112 answers (Istanbul and Moscow are left out: their own numbers differ in use). */
const EUROPE =
  /^Europe\/(?!Istanbul$|Moscow$|Kirov$|Volgograd$|Astrakhan$|Saratov$|Ulyanovsk$|Samara$|Minsk$|Simferopol$)/;
