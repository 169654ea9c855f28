// The RRULE subset of SPEC §8, parsed and checked without Temporal or an RRULE
// library: the browser imports this (through describe-rule.ts) while the user
// types, so it must stay a few kilobytes. Dates are checked by hand for the
// same reason.

export const frequencies = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type Frequency = (typeof frequencies)[number];

/** RFC 5545 weekday codes, Monday first (ISO weekday 1..7 is index + 1). */
export const weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof weekdays)[number];

/** One BYDAY entry: `FR` (ordinal null), `3FR` (3) or `-1FR` (-1). */
export type ByDay = { readonly weekday: Weekday; readonly ordinal: number | null };

/** A checked rule. Lists are sorted and free of repeats; `until` is a local `YYYY-MM-DD`. */
export type ParsedRule = {
  readonly freq: Frequency;
  readonly interval: number;
  readonly byMonth: readonly number[];
  readonly byMonthDay: readonly number[];
  readonly byDay: readonly ByDay[];
  readonly count: number | null;
  readonly until: string | null;
};

/** A rule outside the supported subset; `message` is a sentence to show the user as it is. */
export class RecurrenceRuleError extends Error {
  override readonly name = "RecurrenceRuleError";
}

// Long enough for every meaningful rule (all 62 month days, 7 weekdays, 12
// months); anything longer is junk that need not be split and scanned.
const MAX_RULE_LENGTH = 500;
const MAX_INTERVAL = 1000;
const MAX_COUNT = 1000;

// Real RFC 5545 parts we deliberately leave out: named so the message says
// "not supported" rather than "unknown".
const unsupportedParts = new Set([
  "BYSETPOS",
  "BYHOUR",
  "BYMINUTE",
  "BYSECOND",
  "BYWEEKNO",
  "BYYEARDAY",
  "WKST",
  "RSCALE",
  "SKIP",
]);
const unsupportedFrequencies = new Set(["SECONDLY", "MINUTELY", "HOURLY"]);

const fail = (message: string): never => {
  throw new RecurrenceRuleError(message);
};

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const wholeNumber = (value: string): number | null => (/^\d{1,4}$/.test(value) ? Number(value) : null);

function parseList<T>(
  key: string,
  value: string | undefined,
  parseItem: (item: string) => T | null,
  identity: (item: T) => string,
  message: string,
): T[] {
  const items: T[] = [];
  if (value === undefined) return items;
  const seen = new Set<string>();
  for (const raw of value.split(",")) {
    const item = parseItem(raw);
    if (item === null) fail(message);
    else {
      const id = identity(item);
      if (seen.has(id)) fail(`${key} lists ${raw} more than once`);
      seen.add(id);
      items.push(item);
    }
  }
  return items;
}

function parseUntil(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(value);
  const message = "UNTIL must be a date as YYYYMMDD or YYYYMMDDTHHMMSSZ";
  if (!match) return fail(message);
  const [, y = "", m = "", d = "", hh, mm, ss] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(`UNTIL ${value} is not a real date`);
  }
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)) {
    return fail(`UNTIL ${value} is not a real time`);
  }
  // The time part is dropped on purpose: the engine works on local dates, so
  // UNTIL bounds the day as the owner sees it (SPEC §8).
  return `${y}-${m}-${d}`;
}

const monthDayOrder = (day: number) => (day > 0 ? day : 100 - day);

/**
 * Parses and checks an RRULE body (`FREQ=WEEKLY;BYDAY=MO,FR`, optionally
 * prefixed `RRULE:`, keys in any case). Throws `RecurrenceRuleError` for
 * anything outside SPEC §8's subset.
 */
export function parseRule(rule: string): ParsedRule {
  if (rule.length > MAX_RULE_LENGTH) fail(`The rule is longer than ${MAX_RULE_LENGTH} characters`);
  const body = rule.trim().replace(/^RRULE:/i, "");
  if (body === "") fail("The rule is empty");

  const parts = new Map<string, string>();
  for (const part of body.split(";")) {
    // A stray or trailing ";" carries nothing; other tools write them.
    if (part.trim() === "") continue;
    const equals = part.indexOf("=");
    if (equals <= 0) fail(`"${part}" is not a KEY=VALUE rule part`);
    const key = part.slice(0, equals).trim().toUpperCase();
    const value = part
      .slice(equals + 1)
      .trim()
      .toUpperCase();
    if (unsupportedParts.has(key)) fail(`${key} is not supported`);
    if (!["FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "COUNT", "UNTIL"].includes(key)) {
      fail(`${key} is not a recurrence rule part`);
    }
    if (parts.has(key)) fail(`${key} is given more than once`);
    if (value === "") fail(`${key} has no value`);
    parts.set(key, value);
  }

  const freqValue = parts.get("FREQ");
  if (freqValue === undefined) return fail("FREQ is required");
  if (unsupportedFrequencies.has(freqValue)) {
    fail(`FREQ=${freqValue} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY`);
  }
  const freq = frequencies.find((f) => f === freqValue);
  if (freq === undefined) return fail("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");

  const intervalValue = parts.get("INTERVAL");
  const interval = intervalValue === undefined ? 1 : wholeNumber(intervalValue);
  if (interval === null || interval < 1 || interval > MAX_INTERVAL) {
    return fail(`INTERVAL must be a whole number from 1 to ${MAX_INTERVAL}`);
  }

  const countValue = parts.get("COUNT");
  const count = countValue === undefined ? null : wholeNumber(countValue);
  if (countValue !== undefined && (count === null || count < 1 || count > MAX_COUNT)) {
    fail(`COUNT must be a whole number from 1 to ${MAX_COUNT}`);
  }
  const untilValue = parts.get("UNTIL");
  if (countValue !== undefined && untilValue !== undefined) fail("COUNT and UNTIL cannot be used together");
  const until = untilValue === undefined ? null : parseUntil(untilValue);

  const monthMessage = "BYMONTH must list months from 1 to 12";
  const byMonth = parseList(
    "BYMONTH",
    parts.get("BYMONTH"),
    (item) => {
      const n = /^\d{1,2}$/.test(item) ? Number(item) : 0;
      return n >= 1 && n <= 12 ? n : null;
    },
    String,
    monthMessage,
  ).sort((a, b) => a - b);

  const monthDayValue = parts.get("BYMONTHDAY");
  if (monthDayValue !== undefined && freq === "WEEKLY") fail("BYMONTHDAY cannot be used with FREQ=WEEKLY");
  const byMonthDay = parseList(
    "BYMONTHDAY",
    monthDayValue,
    (item) => {
      const n = /^[+-]?\d{1,2}$/.test(item) ? Number(item) : 0;
      return n !== 0 && n >= -31 && n <= 31 ? n : null;
    },
    String,
    "BYMONTHDAY must list days from 1 to 31 or -31 to -1",
  ).sort((a, b) => monthDayOrder(a) - monthDayOrder(b));

  // An ordinal counts within the month for MONTHLY (and YEARLY with BYMONTH),
  // within the year for YEARLY alone: RFC 5545's ranges for each.
  const withinYear = freq === "YEARLY" && !parts.has("BYMONTH");
  const maxOrdinal = withinYear ? 53 : 5;
  const ordinalScope = withinYear ? "with FREQ=YEARLY and no BYMONTH" : "within a month";
  const byDay = parseList(
    "BYDAY",
    parts.get("BYDAY"),
    (item): ByDay | null => {
      const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      if (!match) return null;
      const weekday = match[2] as Weekday;
      if (match[1] === undefined) return { weekday, ordinal: null };
      const ordinal = Number(match[1]);
      if (freq === "DAILY" || freq === "WEEKLY") {
        fail("BYDAY ordinals such as 3FR or -1FR need FREQ=MONTHLY or FREQ=YEARLY");
      }
      if (ordinal === 0 || Math.abs(ordinal) > maxOrdinal) {
        fail(`A BYDAY ordinal must be from 1 to ${maxOrdinal} or -${maxOrdinal} to -1 ${ordinalScope}`);
      }
      return { weekday, ordinal };
    },
    (item) => `${item.ordinal ?? ""}${item.weekday}`,
    "BYDAY must list days as MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 3FR or -1FR",
  ).sort(
    (a, b) =>
      weekdays.indexOf(a.weekday) - weekdays.indexOf(b.weekday) ||
      monthDayOrder(a.ordinal ?? 0) - monthDayOrder(b.ordinal ?? 0),
  );

  return { freq, interval, byMonth, byMonthDay, byDay, count, until };
}

/** Writes a checked rule back as its canonical RRULE body. */
export function formatRule(parsed: ParsedRule): string {
  const parts = [`FREQ=${parsed.freq}`];
  if (parsed.interval !== 1) parts.push(`INTERVAL=${parsed.interval}`);
  if (parsed.byMonth.length > 0) parts.push(`BYMONTH=${parsed.byMonth.join(",")}`);
  if (parsed.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${parsed.byMonthDay.join(",")}`);
  if (parsed.byDay.length > 0) {
    parts.push(`BYDAY=${parsed.byDay.map((d) => `${d.ordinal ?? ""}${d.weekday}`).join(",")}`);
  }
  if (parsed.count !== null) parts.push(`COUNT=${parsed.count}`);
  if (parsed.until !== null) parts.push(`UNTIL=${parsed.until.replaceAll("-", "")}`);
  return parts.join(";");
}

/**
 * The canonical body of a rule, so equal rules compare equal as strings: no
 * `RRULE:` prefix, keys upper case in the order
 * FREQ;INTERVAL;BYMONTH;BYMONTHDAY;BYDAY;COUNT;UNTIL, INTERVAL=1 dropped,
 * lists sorted, UNTIL as a date (YYYYMMDD). Throws as `parseRule`.
 */
export function normalizeRule(rule: string): string {
  return formatRule(parseRule(rule));
}
