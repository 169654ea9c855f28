// The date, time and recurrence phrases of quick add (SPEC §8, Todoist's
// English conventions), matched at a given offset of the text so that every
// phrase keeps its exact [start, end) for highlighting. Phrases resolve to
// local days and "HH:MM" times; turning those into instants in the owner's
// zone is parse-quick-add.ts's job.
import { addMonths, formatDate, isoWeekday, isRealDate, lastDayOfMonth, splitDate } from "./calendar";

/** What the grammar needs to know of "now": today in the owner's zone, and the instant itself. */
export interface Clock {
  readonly today: string;
  readonly now: Date;
  /** Days from a local day, as @todo/recurrence/zoned-time counts them. */
  readonly addDays: (date: string, days: number) => string;
}

/** A due phrase: a day, a time of day, both, or an exact instant ("in 2 hours"). */
export interface Due {
  readonly end: number;
  readonly date?: string;
  readonly time?: string;
  readonly instant?: string;
  /** "tonight": 19:00 while that is still ahead, else just today. */
  readonly softTime?: string;
}

export interface RecurrencePhrase {
  readonly end: number;
  /** An RRULE body in this module's own spelling; the caller normalises it. */
  readonly rule: string;
  readonly from: "due" | "completion";
  readonly time?: string;
  /** "starting fri": the first occurrence is counted from this day. */
  readonly start?: string;
}

// ---------------------------------------------------------------------------
// Lexical pieces. Every word is followed by W so that "mon" never matches the
// start of "monkey" and "1st" not of "1sts".

const W = "(?![\\p{L}\\p{N}_])";
const SP = "\\s+";

const regexes = new Map<string, RegExp>();
/** `source` matched exactly at `pos` (sticky, case-insensitive, Unicode). */
function at(text: string, pos: number, source: string): RegExpExecArray | null {
  let rx = regexes.get(source);
  if (rx === undefined) {
    rx = new RegExp(source, "iuy");
    regexes.set(source, rx);
  }
  rx.lastIndex = pos;
  return rx.exec(text);
}

// A phrase must end where a word ends: at the end, a space, a closing bracket
// or quote, or punctuation that itself ends there ("at 5pm." but not "5pm.x"
// and not "tomorrow's").
const phraseEnd = /(?=$|[\s)\]}"”]|[,.;:!?](?:$|[\s)\]}"”]))/uy;
export function endsPhrase(text: string, pos: number): boolean {
  phraseEnd.lastIndex = pos;
  return phraseEnd.test(text);
}

const weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const weekdayWords = [
  ["monday", "mon"],
  ["tuesday", "tues", "tue"],
  ["wednesday", "weds", "wed"],
  ["thursday", "thurs", "thur", "thu"],
  ["friday", "fri"],
  ["saturday", "sat"],
  ["sunday", "sun"],
] as const;
const WEEKDAY = `(${weekdayWords.flat().join("|")})${W}`;
// "every mondays" reads naturally too; only the full names take an "s".
const WEEKDAYS = `(${weekdayWords.flatMap(([full, ...short]) => [`${full}s?`, ...short]).join("|")})${W}`;
/** ISO weekday (1..7) of a matched weekday word. */
const weekdayOf = (word: string) =>
  weekdayWords.findIndex((words) => words.some((w) => word.toLowerCase().startsWith(w))) + 1;

const monthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH =
  "(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)" +
  W;
const monthOf = (word: string) => monthPrefixes.indexOf(word.slice(0, 3).toLowerCase()) + 1;

const numberWords = [
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];
const NUMBER_WORD = `\\d{1,3}|an?|${numberWords.join("|")}`;
const NUMBER = `(${NUMBER_WORD})${W}`;
function numberOf(word: string): number {
  const lower = word.toLowerCase();
  if (lower === "a" || lower === "an") return 1;
  const index = numberWords.indexOf(lower);
  return index >= 0 ? index + 1 : Number(word);
}

// 1st … 31st, suffix required ("every 15th"); DAY_OF_MONTH takes a bare number too ("dec 24").
const ORDINAL_DAY = `(\\d{1,2})(?:st|nd|rd|th)${W}`;
const DAY_OF_MONTH = `(\\d{1,2})(?:st|nd|rd|th)?${W}`;
const YEAR = `(?:,?${SP}(\\d{4})${W})?`;
// "3rd friday", "last fri": a weekday's place in its month.
const NTH = `(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)${W}`;
const nthOf = (word: string) => {
  const lower = word.toLowerCase();
  return lower === "last"
    ? -1
    : ["first", "second", "third", "fourth", "fifth"].indexOf(lower) + 1 || Number(word[0]);
};

// Todoist's times of day for "every morning", "tomorrow evening".
const dayPartTimes: Record<string, string> = {
  morning: "09:00",
  afternoon: "12:00",
  evening: "19:00",
  night: "22:00",
};
const DAY_PART = `(morning|afternoon|evening|night)${W}`;

const pad2 = (n: number) => String(n).padStart(2, "0");

// ---------------------------------------------------------------------------
// Times of day.

interface Piece<T> {
  readonly end: number;
  readonly value: T;
}

/** "5pm", "5:30 pm", "17:30", "noon", "midnight"; with "at " also a bare hour ("at 10" is 10:00, as Todoist). */
export function matchTime(text: string, pos: number): Piece<string> | null {
  const prefix = at(text, pos, `(?:at|@)${SP}`);
  const start = pos + (prefix?.[0].length ?? 0);
  let m = at(text, start, `(\\d{1,2})(?::([0-5]\\d))?\\s*([ap])(?:m|\\.m\\.)${W}`);
  if (m) {
    const hour = Number(m[1]);
    if (hour < 1 || hour > 12) return null;
    const hour24 = (hour % 12) + (m[3]?.toLowerCase() === "p" ? 12 : 0);
    return { end: start + m[0].length, value: `${pad2(hour24)}:${m[2] ?? "00"}` };
  }
  m = at(text, start, `([01]?\\d|2[0-3]):([0-5]\\d)${W}`);
  if (m) return { end: start + m[0].length, value: `${pad2(Number(m[1]))}:${m[2]}` };
  m = at(text, start, `(noon|midday|midnight)${W}`);
  if (m) return { end: start + m[0].length, value: m[1]?.toLowerCase() === "midnight" ? "00:00" : "12:00" };
  if (prefix) {
    m = at(text, start, `([01]?\\d|2[0-3])${W}(?!:)`);
    if (m) return { end: start + m[0].length, value: `${pad2(Number(m[1]))}:00` };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Days.

interface Day {
  readonly date?: string;
  readonly instant?: string;
  readonly softTime?: string;
  readonly time?: string;
  /** A bare "sat"/"sun": English words too ("sun cream"), so only taken with a time. */
  readonly weak?: boolean;
}

/** The weekday on or after `from` (today counts). */
function weekdayOnOrAfter(from: string, weekday: number, clock: Clock): string {
  return clock.addDays(from, (weekday - isoWeekday(from) + 7) % 7);
}

/** Monday of the week after today's (weeks start on Monday). */
function nextMonday(clock: Clock): string {
  return clock.addDays(clock.today, 8 - isoWeekday(clock.today));
}

/** A month and day without a year: this year's, or next year's once it has passed. */
function upcoming(month: number, day: number, year: number | null, clock: Clock): string | null {
  const [thisYear] = splitDate(clock.today);
  if (year !== null) return isRealDate(year, month, day) ? formatDate(year, month, day) : null;
  // Feb 29 waits for the next leap year; 8 years always hold one.
  for (let y = thisYear; y < thisYear + 9; y++) {
    if (!isRealDate(y, month, day)) continue;
    const date = formatDate(y, month, day);
    if (date >= clock.today) return date;
  }
  return null;
}

function matchDayCore(text: string, pos: number, clock: Clock, prefixed: boolean): Piece<Day> | null {
  const piece = (m: RegExpExecArray, value: Day | null): Piece<Day> | null =>
    value === null ? null : { end: pos + m[0].length, value };

  let m = at(text, pos, `(today|tonight|tomorrow|tmrw|yesterday)${W}`);
  if (m) {
    const word = m[1]?.toLowerCase();
    const { today } = clock;
    if (word === "tonight") return piece(m, { date: today, softTime: dayPartTimes.evening });
    const offset = word === "yesterday" ? -1 : word === "today" ? 0 : 1;
    return piece(m, { date: clock.addDays(today, offset) });
  }
  m = at(text, pos, `(?:the${SP})?day${SP}after${SP}tomorrow${W}`);
  if (m) return piece(m, { date: clock.addDays(clock.today, 2) });
  m = at(text, pos, `this${SP}(morning|afternoon|evening)${W}`);
  if (m) return piece(m, { date: clock.today, time: dayPartTimes[m[1]?.toLowerCase() ?? ""] });

  m = at(text, pos, `(\\d{4})-(\\d{2})-(\\d{2})${W}`);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return piece(m, isRealDate(y, mo, d) ? { date: formatDate(y, mo, d) } : null);
  }

  m = at(text, pos, `next${SP}(week|month|year|weekend)${W}`);
  if (m) {
    const unit = m[1]?.toLowerCase();
    const [year, month] = splitDate(clock.today);
    if (unit === "week") return piece(m, { date: nextMonday(clock) });
    if (unit === "weekend") return piece(m, { date: clock.addDays(nextMonday(clock), 5) });
    if (unit === "month") return piece(m, { date: addMonths(formatDate(year, month, 1), 1) });
    return piece(m, { date: formatDate(year + 1, 1, 1) });
  }
  m = at(text, pos, `this${SP}weekend${W}`);
  if (m) {
    // On a Sunday the weekend is today; otherwise it starts on Saturday.
    const date = isoWeekday(clock.today) === 7 ? clock.today : weekdayOnOrAfter(clock.today, 6, clock);
    return piece(m, { date });
  }

  // "fri" is the next Friday, today included (Todoist: "fri" typed on a
  // Friday is today); "next fri" is the Friday of next week.
  m = at(text, pos, `(?:(this|next)${SP})?${WEEKDAY}`);
  if (m) {
    const weekday = weekdayOf(m[2] ?? "");
    const modifier = m[1]?.toLowerCase();
    const date =
      modifier === "next"
        ? clock.addDays(nextMonday(clock), weekday - 1)
        : weekdayOnOrAfter(clock.today, weekday, clock);
    const word = m[2]?.toLowerCase();
    const weak = !prefixed && modifier === undefined && (word === "sat" || word === "sun");
    return piece(m, weak ? { date, weak } : { date });
  }

  m = at(text, pos, `in${SP}${NUMBER}${SP}(days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?)${W}`);
  if (m) {
    const n = numberOf(m[1] ?? "");
    const unit = m[2]?.toLowerCase() ?? "";
    const minutes = /^h/.test(unit) ? n * 60 : /^min/.test(unit) ? n : null;
    if (minutes !== null) {
      // Whole minutes: a due is shown to the minute, and seconds would make
      // the same phrase parse differently twice in one minute.
      const ms = Math.floor(clock.now.getTime() / 60_000) * 60_000 + minutes * 60_000;
      return piece(m, { instant: new Date(ms).toISOString() });
    }
    if (unit.startsWith("day")) return piece(m, { date: clock.addDays(clock.today, n) });
    if (unit.startsWith("week")) return piece(m, { date: clock.addDays(clock.today, 7 * n) });
    return piece(m, { date: addMonths(clock.today, unit.startsWith("month") ? n : 12 * n) });
  }

  m = at(text, pos, `${MONTH}\\.?${SP}${DAY_OF_MONTH}${YEAR}`);
  if (m) {
    const date = upcoming(monthOf(m[1] ?? ""), Number(m[2]), m[3] ? Number(m[3]) : null, clock);
    return piece(m, date === null ? null : { date });
  }
  m = at(text, pos, `${DAY_OF_MONTH}${SP}(?:of${SP})?${MONTH}${YEAR}`);
  if (m) {
    const date = upcoming(monthOf(m[2] ?? ""), Number(m[1]), m[3] ? Number(m[3]) : null, clock);
    return piece(m, date === null ? null : { date });
  }

  m = at(text, pos, `end${SP}of${SP}(?:the${SP})?month${W}`);
  if (m) return piece(m, { date: lastDayOfMonth(clock.today) });
  return null;
}

/** A day, optionally after "on" or "by": "on friday", "by dec 24", and "on the 15th" (this month's, or next month's once past). */
function matchDay(text: string, pos: number, clock: Clock): Piece<Day> | null {
  // "by friday" is a deadline, which is what a due is.
  const on = at(text, pos, `(?:on|by)${SP}`);
  if (on) {
    const start = pos + on[0].length;
    const m = at(text, start, `the${SP}${ORDINAL_DAY}`);
    if (m) {
      const day = Number(m[1]);
      if (day < 1 || day > 31) return null;
      // The first month, from this one, whose `day` exists and is not past.
      const [year, month] = splitDate(clock.today);
      for (let i = 0; i < 13; i++) {
        const [y, mo] = splitDate(addMonths(formatDate(year, month, 1), i));
        if (!isRealDate(y, mo, day)) continue;
        const date = formatDate(y, mo, day);
        if (date >= clock.today) return { end: start + m[0].length, value: { date } };
      }
      return null;
    }
    const core = matchDayCore(text, start, clock, true);
    if (core) return core;
  }
  return matchDayCore(text, pos, clock, false);
}

const SEPARATOR = `(?:\\s*,)?${SP}`;

/**
 * A due phrase at `pos`: a day and/or a time in either order ("tomorrow at
 * 5pm", "at 5pm tomorrow", "mon 9:30", "fri evening"), or "in 2 hours".
 * Returns the longest reading that ends cleanly.
 */
export function matchDue(text: string, pos: number, clock: Clock): Due | null {
  const day = matchDay(text, pos, clock);
  if (day) {
    const { weak, ...value } = day.value;
    if (value.instant === undefined && value.time === undefined) {
      const sep = at(text, day.end, SEPARATOR);
      if (sep) {
        const time = matchTime(text, day.end + sep[0].length);
        if (time && endsPhrase(text, time.end)) {
          return { end: time.end, date: value.date, time: time.value };
        }
      }
      const part = at(text, day.end, `${SP}${DAY_PART}`);
      if (part && endsPhrase(text, day.end + part[0].length)) {
        return {
          end: day.end + part[0].length,
          date: value.date,
          time: dayPartTimes[part[1]?.toLowerCase() ?? ""],
        };
      }
    }
    if (weak) return null;
    return endsPhrase(text, day.end) ? { end: day.end, ...value } : null;
  }
  const time = matchTime(text, pos);
  if (time) {
    const sep = at(text, time.end, SEPARATOR);
    if (sep) {
      const after = matchDay(text, time.end + sep[0].length, clock);
      if (after?.value.date !== undefined && after.value.time === undefined && endsPhrase(text, after.end)) {
        return { end: after.end, date: after.value.date, time: time.value };
      }
    }
    return endsPhrase(text, time.end) ? { end: time.end, time: time.value } : null;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Recurrence.

interface Schedule {
  freq: "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
  interval: number;
  byDay: string[];
  byMonthDay: number[];
  byMonth: number[];
  time?: string;
}

const WORK_WEEK = ["MO", "TU", "WE", "TH", "FR"];

/** "mon", "mon, fri", "monday, wednesday and friday", "tue thu": weekday codes in order. */
function matchWeekdayList(text: string, pos: number): Piece<string[]> | null {
  let m = at(text, pos, WEEKDAYS);
  if (!m) return null;
  const days = [weekdayCodes[weekdayOf(m[1] ?? "") - 1] ?? "MO"];
  let end = pos + m[0].length;
  for (;;) {
    const sep = at(text, end, `(?:\\s*,\\s*(?:and${SP})?|${SP}and${SP}|\\s*&\\s*|${SP})`);
    if (!sep) break;
    m = at(text, end + sep[0].length, WEEKDAYS);
    if (!m) break;
    days.push(weekdayCodes[weekdayOf(m[1] ?? "") - 1] ?? "MO");
    end += sep[0].length + m[0].length;
  }
  return { end, value: days };
}

/** "1st", "1st and 15th", "1st, 15th": days of the month. */
function matchMonthDayList(text: string, pos: number): Piece<number[]> | null {
  let m = at(text, pos, ORDINAL_DAY);
  if (!m) return null;
  const days = [Number(m[1])];
  let end = pos + m[0].length;
  for (;;) {
    const sep = at(text, end, `(?:\\s*,\\s*(?:and${SP})?|${SP}and${SP}|\\s*&\\s*)`);
    if (!sep) break;
    m = at(text, end + sep[0].length, ORDINAL_DAY);
    if (!m) break;
    days.push(Number(m[1]));
    end += sep[0].length + m[0].length;
  }
  return days.every((d) => d >= 1 && d <= 31) ? { end, value: days } : null;
}

const OF_THE_MONTH = `(?:${SP}of${SP}(?:the${SP}|each${SP}|every${SP})?month${W})?`;

/** "3rd friday", "last fri" (of the month): a BYDAY entry such as 3FR or -1FR. */
function matchNthWeekday(text: string, pos: number): Piece<string> | null {
  const m = at(text, pos, `${NTH}${SP}${WEEKDAY}${OF_THE_MONTH}`);
  if (!m) return null;
  const code = weekdayCodes[weekdayOf(m[2] ?? "") - 1];
  return { end: pos + m[0].length, value: `${nthOf(m[1] ?? "")}${code}` };
}

/** "jan 27", "27 january", "27th of jan": a month and a day, for yearly rules. */
function matchMonthAndDay(text: string, pos: number): Piece<[month: number, day: number]> | null {
  let m = at(text, pos, `${MONTH}\\.?${SP}${DAY_OF_MONTH}`);
  let month: number;
  let day: number;
  if (m) [month, day] = [monthOf(m[1] ?? ""), Number(m[2])];
  else {
    m = at(text, pos, `${DAY_OF_MONTH}${SP}(?:of${SP})?${MONTH}`);
    if (!m) return null;
    [month, day] = [monthOf(m[2] ?? ""), Number(m[1])];
  }
  // Feb 29 is a real yearly date (it comes in leap years).
  return isRealDate(2024, month, day) ? { end: pos + m[0].length, value: [month, day] } : null;
}

/** "on the 1st", "on the last day", "on the 3rd fri" after "every month". */
function matchMonthlyOn(text: string, pos: number, schedule: Schedule): number | null {
  const on = at(text, pos, `${SP}on${SP}(?:the${SP})?`);
  if (!on) return null;
  const start = pos + on[0].length;
  const nth = matchNthWeekday(text, start);
  if (nth) {
    schedule.byDay = [nth.value];
    return nth.end;
  }
  const last = at(text, start, `(last|first)${SP}day${OF_THE_MONTH}`);
  if (last) {
    schedule.byMonthDay = [last[1]?.toLowerCase() === "last" ? -1 : 1];
    return start + last[0].length;
  }
  const days = matchMonthDayList(text, start);
  if (days) {
    schedule.byMonthDay = days.value;
    return days.end;
  }
  return null;
}

/** What follows "every": the schedule itself. */
function matchSchedule(text: string, pos: number): Piece<Schedule> | null {
  const make = (freq: Schedule["freq"], extra: Partial<Schedule> = {}): Schedule => ({
    freq,
    interval: 1,
    byDay: [],
    byMonthDay: [],
    byMonth: [],
    ...extra,
  });

  const nth = matchNthWeekday(text, pos);
  if (nth) return { end: nth.end, value: make("MONTHLY", { byDay: [nth.value] }) };

  let m = at(text, pos, `(last|first)${SP}day${OF_THE_MONTH}`);
  if (m) {
    return {
      end: pos + m[0].length,
      value: make("MONTHLY", { byMonthDay: [m[1]?.toLowerCase() === "last" ? -1 : 1] }),
    };
  }

  const yearly = matchMonthAndDay(text, pos);
  if (yearly) {
    const [month, day] = yearly.value;
    return { end: yearly.end, value: make("YEARLY", { byMonth: [month], byMonthDay: [day] }) };
  }

  const monthDays = matchMonthDayList(text, pos);
  if (monthDays) {
    const of = at(text, monthDays.end, OF_THE_MONTH);
    return {
      end: monthDays.end + (of?.[0].length ?? 0),
      value: make("MONTHLY", { byMonthDay: monthDays.value }),
    };
  }

  m = at(text, pos, `(?:weekday|weekdays|workday|workdays|work${SP}day)${W}`);
  if (m) return { end: pos + m[0].length, value: make("WEEKLY", { byDay: [...WORK_WEEK] }) };
  // Todoist: "every weekend" is every Saturday, one task for the weekend.
  m = at(text, pos, `weekends?${W}`);
  if (m) return { end: pos + m[0].length, value: make("WEEKLY", { byDay: ["SA"] }) };

  m = at(text, pos, DAY_PART);
  if (m)
    return {
      end: pos + m[0].length,
      value: make("DAILY", { time: dayPartTimes[m[1]?.toLowerCase() ?? ""] }),
    };

  // "2 weeks", "other day", "3 fridays", or just "day" / "friday".
  let interval = 1;
  let start = pos;
  m = at(text, pos, `(other|${NUMBER_WORD})${W}${SP}`);
  if (m) {
    interval = m[1]?.toLowerCase() === "other" ? 2 : numberOf(m[1] ?? "");
    start = pos + m[0].length;
    if (interval < 1) return null;
  }
  const days = matchWeekdayList(text, start);
  if (days) return { end: days.end, value: make("WEEKLY", { interval, byDay: days.value }) };

  m = at(text, start, `(days?|weeks?|months?|years?)${W}`);
  if (!m) return null;
  const unit = m[1]?.toLowerCase() ?? "";
  const end = start + m[0].length;
  // "every 2 week" reads wrong but is clear; "every days" is accepted too.
  if (unit.startsWith("day")) return { end, value: make("DAILY", { interval }) };
  if (unit.startsWith("week")) {
    const schedule = make("WEEKLY", { interval });
    const on = at(text, end, `${SP}on${SP}`);
    const list = on ? matchWeekdayList(text, end + on[0].length) : null;
    if (list) schedule.byDay = list.value;
    return { end: list?.end ?? end, value: schedule };
  }
  if (unit.startsWith("month")) {
    const schedule = make("MONTHLY", { interval });
    return { end: matchMonthlyOn(text, end, schedule) ?? end, value: schedule };
  }
  const schedule = make("YEARLY", { interval });
  const on = at(text, end, `${SP}on${SP}(?:the${SP})?`);
  const date = on ? matchMonthAndDay(text, end + on[0].length) : null;
  if (date) {
    schedule.byMonth = [date.value[0]];
    schedule.byMonthDay = [date.value[1]];
  }
  return { end: date?.end ?? end, value: schedule };
}

const adverbFrequencies: Record<string, Schedule["freq"]> = {
  daily: "DAILY",
  weekly: "WEEKLY",
  fortnightly: "WEEKLY",
  monthly: "MONTHLY",
  yearly: "YEARLY",
  annually: "YEARLY",
};

function compactDate(date: string): string {
  return date.replaceAll("-", "");
}

type Limit = { count: number } | { until: string } | { span: [number, string] };

/** How a series ends: "until dec 31", "for 10 times", "3 times", "for 3 weeks". */
function matchLimit(text: string, pos: number, clock: Clock): Piece<Limit> | null {
  const until = at(text, pos, `(?:until|till|through|ending)${SP}`);
  const day = until ? matchDay(text, pos + until[0].length, clock) : null;
  if (day?.value.date !== undefined && day.value.time === undefined) {
    return { end: day.end, value: { until: day.value.date } };
  }
  const times = at(text, pos, `(?:for${SP})?${NUMBER}${SP}times?${W}`);
  if (times) return { end: pos + times[0].length, value: { count: numberOf(times[1] ?? "") } };
  const span = at(text, pos, `for${SP}${NUMBER}${SP}(days?|weeks?|months?|years?)${W}`);
  if (span) {
    return {
      end: pos + span[0].length,
      value: { span: [numberOf(span[1] ?? ""), span[2]?.toLowerCase() ?? ""] },
    };
  }
  return null;
}

/**
 * A recurrence phrase at `pos`: "every …" / "every! …" / "ev …" / "daily" …,
 * then in any order a time ("at 9am"), a start ("starting fri") and an end
 * ("until dec 31", "for 10 times", "for 3 weeks", ", 3 times").
 */
export function matchRecurrence(text: string, pos: number, clock: Clock): RecurrencePhrase | null {
  let from: RecurrencePhrase["from"] = "due";
  let schedule: Schedule;
  let end: number;
  const every = at(text, pos, `(?:every|ev)(!?)${SP}`);
  if (every) {
    from = every[1] === "!" ? "completion" : "due";
    const body = matchSchedule(text, pos + every[0].length);
    if (!body) return null;
    schedule = body.value;
    end = body.end;
  } else {
    const m = at(text, pos, `(daily|weekly|fortnightly|monthly|yearly|annually)${W}`);
    if (!m) return null;
    const word = m[1]?.toLowerCase() ?? "";
    schedule = {
      freq: adverbFrequencies[word] ?? "YEARLY",
      interval: word === "fortnightly" ? 2 : 1,
      byDay: [],
      byMonthDay: [],
      byMonth: [],
    };
    end = pos + m[0].length;
  }

  let time = schedule.time;
  let start: string | undefined;
  let limit: Limit | undefined;
  const snapshot = (): RecurrencePhrase => {
    const parts = [`FREQ=${schedule.freq}`];
    if (schedule.interval !== 1) parts.push(`INTERVAL=${schedule.interval}`);
    if (schedule.byMonth.length > 0) parts.push(`BYMONTH=${schedule.byMonth.join(",")}`);
    if (schedule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${schedule.byMonthDay.join(",")}`);
    if (schedule.byDay.length > 0) parts.push(`BYDAY=${schedule.byDay.join(",")}`);
    if (limit && "count" in limit) parts.push(`COUNT=${limit.count}`);
    if (limit && "until" in limit) parts.push(`UNTIL=${compactDate(limit.until)}`);
    if (limit && "span" in limit) {
      // "for 3 weeks": the last day inside the span, counted from the start.
      const [n, unit] = limit.span;
      const from = start ?? clock.today;
      const after = unit.startsWith("day")
        ? clock.addDays(from, n)
        : unit.startsWith("week")
          ? clock.addDays(from, 7 * n)
          : addMonths(from, unit.startsWith("month") ? n : 12 * n);
      parts.push(`UNTIL=${compactDate(clock.addDays(after, -1))}`);
    }
    return {
      end,
      rule: parts.join(";"),
      from,
      ...(time === undefined ? {} : { time }),
      ...(start === undefined ? {} : { start }),
    };
  };

  let best = endsPhrase(text, end) ? snapshot() : null;
  for (;;) {
    const sep = at(text, end, SEPARATOR);
    if (!sep) break;
    const next = end + sep[0].length;
    let clauseEnd: number | null = null;
    if (time === undefined) {
      const t = matchTime(text, next);
      if (t) [time, clauseEnd] = [t.value, t.end];
    }
    if (clauseEnd === null && start === undefined) {
      const m = at(text, next, `(?:starting|starts|beginning|from)${SP}`);
      const day = m ? matchDay(text, next + m[0].length, clock) : null;
      if (day?.value.date !== undefined && day.value.time === undefined) {
        [start, clauseEnd] = [day.value.date, day.end];
      }
    }
    if (clauseEnd === null && limit === undefined) {
      const found = matchLimit(text, next, clock);
      if (found) [limit, clauseEnd] = [found.value, found.end];
    }
    if (clauseEnd === null) break;
    end = clauseEnd;
    if (endsPhrase(text, end)) best = snapshot();
  }
  return best;
}
