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

const canonical = new Map<string, string | null>();

/**
 * The canonical spelling of an IANA time zone as the runtime knows it (`asia/hong_kong` →
 * `Asia/Hong_Kong`; an alias may become its target, e.g. `PRC` → `Asia/Shanghai`), or null when
 * the name is not a time zone. Store this, never the name as typed.
 */
export function canonicalZone(timezone: string): string | null {
  let zone = canonical.get(timezone);
  if (zone !== undefined) return zone;
  try {
    zone = new Intl.DateTimeFormat('en', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    zone = null;
  }
  // Zone names are few; anything else that reaches here is cached only while the cache is small.
  if (canonical.size < 1_000) canonical.set(timezone, zone);
  return zone;
}
