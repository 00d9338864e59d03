/** Local-time facts the flows need, computed purely from an instant and an IANA zone. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(now: number, timezone: string): Record<string, string> {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
}

/** The local date `YYYY-MM-DD` in a zone. */
export function localDay(now: number, timezone: string): string {
  const p = parts(now, timezone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The local hour 0–23. */
export function localHour(now: number, timezone: string): number {
  return Number(parts(now, timezone).hour);
}

/** True when `day` (`YYYY-MM-DD`) is a Sunday. */
export function isSunday(day: string): boolean {
  return new Date(`${day}T12:00:00Z`).getUTCDay() === 0;
}

/** True at night in the patient's zone (night → indoor mind-body sessions). */
export function isNight(
  now: number,
  timezone: string,
  night: { fromHour: number; untilHour: number },
): boolean {
  const h = localHour(now, timezone);
  return night.fromHour > night.untilHour
    ? h >= night.fromHour || h < night.untilHour
    : h >= night.fromHour && h < night.untilHour;
}

/** The region whose crisis numbers apply, from the patient's time zone and language. */
export function regionFor(timezone: string, locale: 'en' | 'zh-CN'): 'CN' | 'HK' | 'TW' | 'US' | 'other' {
  if (timezone === 'Asia/Hong_Kong' || timezone === 'Asia/Macau') return 'HK';
  if (timezone === 'Asia/Taipei') return 'TW';
  if (
    timezone.startsWith('America/') &&
    !/Sao_Paulo|Argentina|Bogota|Lima|Santiago|Caracas|Mexico/.test(timezone)
  )
    return 'US';
  if (['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'Asia/Urumqi', 'PRC'].includes(timezone))
    return 'CN';
  return locale === 'zh-CN' ? 'CN' : 'other';
}
