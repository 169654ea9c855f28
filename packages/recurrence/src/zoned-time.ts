// Time-zone arithmetic for due days and times (SPEC §7): every answer comes
// from the zone named in the call, never from the process's own zone, so the
// server and every browser agree. The polyfill's own implementation, not a
// native Temporal where one exists: the same code then runs on Node 20/22/24
// and in every browser (Node 24's experimental one, behind
// --harmony-temporal, lacks ZonedDateTime#timeZoneId), at no extra size,
// since "temporal-polyfill" bundles the implementation either way.
import { Temporal } from "temporal-polyfill/implementation";

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^\d{2}:\d{2}(:\d{2})?$/;
// IANA names are letters, digits and _ + - / and start with a letter
// ("Etc/GMT+1", "America/Port-au-Prince"); this shuts out the offset forms
// ("+01:00") that Intl and Temporal also take, since SPEC §7 stores names.
const zoneNamePattern = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** A `YYYY-MM-DD` string as a PlainDate; a RangeError for anything else, 2026-02-30 included. */
export function toPlainDate(date: string): Temporal.PlainDate {
  if (!datePattern.test(date)) throw new RangeError(`"${date}" is not a date as YYYY-MM-DD`);
  return Temporal.PlainDate.from(date, { overflow: "reject" });
}

function toPlainTime(time: string): Temporal.PlainTime {
  if (!timePattern.test(time)) throw new RangeError(`"${time}" is not a time as HH:MM or HH:MM:SS`);
  return Temporal.PlainTime.from(time, { overflow: "reject" });
}

/**
 * The zone's canonical spelling ("europe/berlin" → "Europe/Berlin"), or null
 * for a name that is not an IANA zone this runtime knows. Offsets such as
 * "+01:00" are refused even where Intl takes them.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!zoneNamePattern.test(zone)) return null;
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone).timeZoneId;
  } catch {
    return null;
  }
}

/** Whether `zone` is an IANA time-zone name ("Europe/Berlin", "UTC"); false for "Mars/Olympus" and "+01:00". */
export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** The calendar day (`YYYY-MM-DD`) it is in `zone` at `now`. Throws a RangeError for an unknown zone. */
export function todayIn(zone: string, now: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .toString();
}

/**
 * The wall-clock day and time of an instant in `zone`: `time` is `HH:MM`, or
 * `HH:MM:SS` when the seconds are not zero (fractions are dropped).
 */
export function instantToLocal(instant: string | Date, zone: string): { date: string; time: string } {
  const at =
    typeof instant === "string"
      ? Temporal.Instant.from(instant)
      : Temporal.Instant.fromEpochMilliseconds(instant.getTime());
  const local = at.toZonedDateTimeISO(zone);
  const time = local.toPlainTime().toString({ smallestUnit: local.second === 0 ? "minute" : "second" });
  return { date: local.toPlainDate().toString(), time };
}

/**
 * The instant (`…T08:00:00.000Z`, as `Date#toISOString`, like the API's other
 * timestamps) when the clocks in `zone` show `date` `time`. A time skipped by
 * a spring-forward gap resolves as Temporal's "compatible" disambiguation
 * does (as the clocks would read had they not jumped: 02:30 in a 02:00→03:00
 * gap is 03:30); a time that occurs twice in an autumn fall-back is the
 * earlier of the two.
 */
export function localToInstant(date: string, time: string, zone: string): string {
  const zoned = toPlainDate(date).toZonedDateTime({ timeZone: zone, plainTime: toPlainTime(time) });
  return new Date(zoned.epochMilliseconds).toISOString();
}

/** `date` moved by `n` calendar days (negative goes back). */
export function addDays(date: string, n: number): string {
  return toPlainDate(date).add({ days: n }).toString();
}
