// The recurrence engine (decision 8): occurrences of a rule are local dates
// in the owner's zone (Temporal.PlainDate in, YYYY-MM-DD out), never
// instants; the time of day is attached afterwards by the caller, so a 09:00
// task stays 09:00 across DST.
//
// The series is laid out as RFC 5545 does — periods of INTERVAL days, weeks
// (Monday first), months or years counted from the anchor (DTSTART), each
// expanded by BYMONTH/BYMONTHDAY/BYDAY — with one deliberate difference, as
// in Todoist: a month day that a month lacks (the 31st, Feb 29) falls on that
// month's last day instead of being skipped.
import { Temporal } from "temporal-polyfill/implementation";
import { type ByDay, daysInMonth, type Frequency, type ParsedRule, parseRule, weekdays } from "./rule";
import { toPlainDate } from "./zoned-time";

type PlainDate = Temporal.PlainDate;
type Ymd = { readonly year: number; readonly month: number; readonly day: number };

// Past this an occurrence has no YYYY-MM-DD spelling; the series is over.
const LAST_DAY = Temporal.PlainDate.from("9999-12-31");
const LAST_YEAR = LAST_DAY.year;

// The Gregorian calendar, weekdays included, repeats every 400 years: 146097
// days, 20871 weeks, 4800 months. A series that has no occurrence within that
// many periods (over the residues its INTERVAL can reach) never has one, so
// the search may stop there instead of running to the end of time.
const cycle: Record<Frequency, number> = { DAILY: 146097, WEEKLY: 20871, MONTHLY: 4800, YEARLY: 400 };

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const isoWeekday = (weekday: ByDay["weekday"]) => weekdays.indexOf(weekday) + 1;
const ymd = (date: PlainDate): Ymd => ({ year: date.year, month: date.month, day: date.day });
// Orders dates as numbers (a month is < 32 days, a year < 13 months).
const sortKey = ({ year, month, day }: Ymd) => (year * 13 + month) * 32 + day;
const format = ({ year, month, day }: Ymd) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

// ISO weekday (1 = Monday) by Sakamoto's method. Month and year periods are
// stepped as plain numbers, not PlainDates: a rule with no date at all is
// only proven so after 4800 months, and a polyfilled Temporal object per
// month made that several times slower (~190 ms).
const sakamoto = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
function isoWeekdayOf({ year, month, day }: Ymd): number {
  const y = month < 3 ? year - 1 : year;
  const days =
    y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + (sakamoto[month - 1] ?? 0) + day;
  return ((days % 7) + 7) % 7 || 7;
}

// Todoist's month ends: day 31 of a 30-day month is the 30th, and counting
// from the end, -31 of a 30-day month is the 1st.
const clampMonthDay = (n: number, length: number) =>
  n > 0 ? Math.min(n, length) : Math.max(length + n + 1, 1);

const sortedUnique = (days: number[]) => [...new Set(days)].sort((a, b) => a - b);

/** Days (1-based) that BYDAY names in a run of `length` days starting on ISO weekday `firstWeekday`. */
function byDayDays(byDay: readonly ByDay[], firstWeekday: number, length: number): number[] {
  const days: number[] = [];
  for (const { weekday, ordinal } of byDay) {
    const first = 1 + ((isoWeekday(weekday) - firstWeekday + 7) % 7);
    if (ordinal === null) {
      for (let day = first; day <= length; day += 7) days.push(day);
    } else if (ordinal > 0) {
      const day = first + 7 * (ordinal - 1);
      if (day <= length) days.push(day);
    } else {
      const last = first + 7 * Math.floor((length - first) / 7);
      const day = last + 7 * (ordinal + 1);
      if (day >= 1) days.push(day);
    }
  }
  return days;
}

/** The days of one month that a MONTHLY rule (or YEARLY, month by month) yields. */
function monthDays(rule: ParsedRule, year: number, month: number, anchorDay: number): number[] {
  if (rule.byMonth.length > 0 && !rule.byMonth.includes(month)) return [];
  const length = daysInMonth(year, month);
  const fromMonthDay =
    rule.byMonthDay.length > 0 ? rule.byMonthDay.map((n) => clampMonthDay(n, length)) : null;
  const fromByDay =
    rule.byDay.length > 0 ? byDayDays(rule.byDay, isoWeekdayOf({ year, month, day: 1 }), length) : null;
  // Both given: BYDAY narrows BYMONTHDAY ("the 13th if a Fri"), as in RFC 5545.
  if (fromMonthDay && fromByDay) return sortedUnique(fromMonthDay.filter((day) => fromByDay.includes(day)));
  return sortedUnique(fromMonthDay ?? fromByDay ?? [clampMonthDay(anchorDay, length)]);
}

/** YEARLY BYDAY without BYMONTH: ordinals count within the whole year (20MO). */
function yearDays(rule: ParsedRule, year: number): Ymd[] {
  const yearLength = daysInMonth(year, 2) === 29 ? 366 : 365;
  const dates: Ymd[] = [];
  for (const dayOfYear of sortedUnique(
    byDayDays(rule.byDay, isoWeekdayOf({ year, month: 1, day: 1 }), yearLength),
  )) {
    let month = 1;
    let day = dayOfYear;
    for (; day > daysInMonth(year, month); month++) day -= daysInMonth(year, month);
    const length = daysInMonth(year, month);
    if (rule.byMonthDay.length === 0 || rule.byMonthDay.some((n) => clampMonthDay(n, length) === day)) {
      dates.push({ year, month, day });
    }
  }
  return dates;
}

const weekStart = (date: PlainDate) => date.subtract({ days: date.dayOfWeek - 1 });

/** A series being searched: the rule, its anchor, and where the calendar runs out. */
type Series = { rule: ParsedRule; anchor: PlainDate; lastDayOffset: number };

/**
 * The candidate dates, in order, of the period `n` periods (not intervals)
 * after the anchor's, or null when that period starts past LAST_DAY.
 */
function periodDates({ rule, anchor, lastDayOffset }: Series, n: number): Ymd[] | null {
  switch (rule.freq) {
    case "DAILY": {
      if (n > lastDayOffset) return null;
      const date = anchor.add({ days: n });
      const inMonth = rule.byMonth.length === 0 || rule.byMonth.includes(date.month);
      const onMonthDay =
        rule.byMonthDay.length === 0 ||
        rule.byMonthDay.some((day) => clampMonthDay(day, date.daysInMonth) === date.day);
      const onWeekday =
        rule.byDay.length === 0 || rule.byDay.some((d) => isoWeekday(d.weekday) === date.dayOfWeek);
      return inMonth && onMonthDay && onWeekday ? [ymd(date)] : [];
    }
    case "WEEKLY": {
      if (7 * n > lastDayOffset) return null;
      const start = weekStart(anchor).add({ days: 7 * n });
      const isoDays =
        rule.byDay.length > 0 ? rule.byDay.map((d) => isoWeekday(d.weekday)) : [anchor.dayOfWeek];
      return sortedUnique(isoDays)
        .map((isoDay) => ymd(start.add({ days: isoDay - 1 })))
        .filter((date) => rule.byMonth.length === 0 || rule.byMonth.includes(date.month));
    }
    case "MONTHLY": {
      const months = anchor.year * 12 + anchor.month - 1 + n;
      const year = Math.floor(months / 12);
      const month = (months % 12) + 1;
      if (year > LAST_YEAR) return null;
      return monthDays(rule, year, month, anchor.day).map((day) => ({ year, month, day }));
    }
    case "YEARLY": {
      const year = anchor.year + n;
      if (year > LAST_YEAR) return null;
      if (rule.byMonth.length === 0 && rule.byDay.length > 0) return yearDays(rule, year);
      const months =
        rule.byMonth.length > 0
          ? rule.byMonth
          : rule.byMonthDay.length > 0
            ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
            : [anchor.month];
      return months.flatMap((month) =>
        monthDays(rule, year, month, anchor.day).map((day) => ({ year, month, day })),
      );
    }
  }
}

/** How many periods after the anchor's the period holding `date` is (negative before it). */
function periodsUntil(freq: Frequency, anchor: PlainDate, date: PlainDate): number {
  switch (freq) {
    case "DAILY":
      return anchor.until(date).days;
    case "WEEKLY":
      return weekStart(anchor).until(weekStart(date)).days / 7;
    case "MONTHLY":
      return (date.year - anchor.year) * 12 + date.month - anchor.month;
    case "YEARLY":
      return date.year - anchor.year;
  }
}

/**
 * The first occurrence of the series that starts at `anchor` lying after
 * `threshold` (or on it, when `inclusive`). Occurrences before the anchor
 * belong to no series and are passed over.
 */
function firstAfter(
  given: ParsedRule,
  anchor: PlainDate,
  threshold: PlainDate,
  inclusive: boolean,
): Ymd | null {
  // Every day that passes BY filters is the same set as every month's days
  // that do, and a month at a time is up to 31 times fewer steps (a Feb 29
  // that is a Monday is decades apart). With a longer INTERVAL the days'
  // own grid matters, so those still go day by day.
  const filtered = given.byMonth.length + given.byMonthDay.length + given.byDay.length > 0;
  const rule: ParsedRule =
    given.freq === "DAILY" && given.interval === 1 && filtered
      ? {
          ...given,
          freq: "MONTHLY",
          byDay:
            given.byDay.length > 0 ? given.byDay : weekdays.map((weekday) => ({ weekday, ordinal: null })),
        }
      : given;
  const { freq, interval } = rule;
  // A daily step of whole weeks keeps the anchor's weekday: a BYDAY without
  // it never matches, and proving that by search would take 20871 steps.
  if (freq === "DAILY" && interval % 7 === 0 && rule.byDay.length > 0) {
    if (!rule.byDay.some((d) => isoWeekday(d.weekday) === anchor.dayOfWeek)) return null;
  }
  const series: Series = {
    rule,
    anchor,
    // Only day and week steps need it, and working it out costs a Temporal call.
    lastDayOffset:
      freq === "DAILY" || freq === "WEEKLY"
        ? (freq === "WEEKLY" ? weekStart(anchor) : anchor).until(LAST_DAY).days
        : 0,
  };
  const anchorKey = sortKey(ymd(anchor));
  const thresholdKey = sortKey(ymd(threshold));
  const startIndex = Math.max(0, Math.floor(periodsUntil(freq, anchor, threshold) / interval));
  const periods = cycle[freq] / gcd(interval, cycle[freq]) + 1;
  for (let index = startIndex; index <= startIndex + periods; index++) {
    const dates = periodDates(series, index * interval);
    if (dates === null) return null;
    for (const date of dates) {
      const key = sortKey(date);
      if (key < anchorKey) continue;
      if (key > thresholdKey || (inclusive && key === thresholdKey)) {
        return date.year > LAST_YEAR ? null : date;
      }
    }
  }
  return null;
}

const pastUntil = (rule: ParsedRule, date: Ymd) => rule.until !== null && format(date) > rule.until;

/**
 * The first date on or after `date` that the rule yields for a series
 * starting on `date` (`FREQ=WEEKLY;BYDAY=MO` from a Wednesday: the next
 * Monday; `FREQ=MONTHLY` alone: `date` itself), or null when there is none
 * before UNTIL. For a new recurrence, or a due that is off the schedule.
 * Throws `RecurrenceRuleError` for a bad rule, RangeError for a bad date.
 */
export function firstOccurrenceOnOrAfter(rule: string, date: string): string | null {
  const parsed = parseRule(rule);
  const start = toPlainDate(date);
  const first = firstAfter(parsed, start, start, true);
  return first === null || pastUntil(parsed, first) ? null : format(first);
}

/** What `nextOccurrence` needs to know of a recurring task; dates are `YYYY-MM-DD` in the owner's zone. */
export type NextOccurrenceInput = {
  /** The RRULE body. */
  rule: string;
  /** "due": the schedule runs from `anchorDate`; "completion": it restarts at `today` (Todoist's `every!`). */
  from: "due" | "completion";
  /** The series start (DTSTART): the first due date of the series. */
  anchorDate: string;
  /** The task's current due date. */
  dueDate: string;
  /** Today in the owner's zone: the day of this completion. */
  today: string;
  /** Completions recorded before this one. */
  completedCount: number;
};

/**
 * The due date a recurring task moves to when completed now (SPEC §8): the
 * first occurrence strictly after the later of `dueDate` and `today`, so never
 * into the past — for from="completion", the first after `today` of the
 * series restarted at `today`. Null when the series is used up: this would be
 * occurrence `completedCount + 2` (the first due is occurrence 1) and COUNT is
 * smaller — missed occurrences of an overdue task are skipped, not counted —
 * or it falls after UNTIL. Throws `RecurrenceRuleError` for a bad rule,
 * RangeError for a bad date or count.
 */
export function nextOccurrence(input: NextOccurrenceInput): string | null {
  const rule = parseRule(input.rule);
  if (!Number.isSafeInteger(input.completedCount) || input.completedCount < 0) {
    throw new RangeError("completedCount must be a whole number from 0");
  }
  if (rule.count !== null && input.completedCount + 2 > rule.count) return null;

  const today = toPlainDate(input.today);
  const due = toPlainDate(input.dueDate);
  const anchor = input.from === "completion" ? today : toPlainDate(input.anchorDate);
  const threshold = input.from === "completion" || Temporal.PlainDate.compare(today, due) > 0 ? today : due;
  const next = firstAfter(rule, anchor, threshold, false);
  return next === null || pastUntil(rule, next) ? null : format(next);
}
