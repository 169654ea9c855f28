// Days and times in the user's own time zone (GET /api/me), with nothing but
// Intl: "today" is today where the user lives, not where the browser or the
// server runs, and the main bundle carries no Temporal polyfill (quick add
// loads one lazily, only when the add box is used). Dates are `YYYY-MM-DD`
// strings, as the API writes `dueDate`.

const DAY_MS = 86_400_000;

/** The browser's own zone: the default before /api/me has answered. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building them is the slow part of Intl. */
function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    partFormats.set(zone, format);
  }
  return format;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function wallClock(time: number, zone: string) {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(new Date(time)))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    // Some engines write midnight as 24 even with h23.
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The local date and time (`HH:MM`) of an instant in `zone`. */
export function localParts(instant: string | Date, zone: string): { date: string; time: string } {
  const time = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  const wall = wallClock(time, zone);
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
  };
}

/** Today's date in `zone`. */
export function todayIn(zone: string, now: Date = new Date()): string {
  return localParts(now, zone).date;
}

function utcOfDate(date: string): number {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
}

/** `date` plus `days` (negative: earlier), as a date. */
export function addDays(date: string, days: number): string {
  return new Date(utcOfDate(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOfDate(to) - utcOfDate(from)) / DAY_MS);
}

/** How far `zone`'s wall clock is ahead of UTC at `time`, in ms. */
function offsetAt(time: number, zone: string): number {
  const wall = wallClock(time, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(time / 1000) * 1000;
}

/**
 * The instant (ISO, Z) at which `zone`'s clocks read `time` on `date`. Twice
 * round the offset, so a date across a daylight-saving change from now gets
 * its own offset; a time that does not exist (spring forward) lands just
 * after the gap, as the server's engine does.
 */
export function zonedToInstant(date: string, time: string, zone: string): string {
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  const wall = utcOfDate(date) + (hour * 60 + minute) * 60_000;
  let guess = wall - offsetAt(wall, zone);
  guess = wall - offsetAt(guess, zone);
  return new Date(guess).toISOString();
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a date. */
export function isoWeekday(date: string): number {
  return new Date(utcOfDate(date)).getUTCDay() || 7;
}

const labelFormats = new Map<string, Intl.DateTimeFormat>();

function labelFormat(locale: string | undefined, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${withYear}`;
  let format = labelFormats.get(key);
  if (!format) {
    // The date is already the user's local day: read it in UTC so no zone moves it.
    format = new Intl.DateTimeFormat(locale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
      year: withYear ? "numeric" : undefined,
    });
    labelFormats.set(key, format);
  }
  return format;
}

/** "Today", "Tomorrow", "Yesterday", else "Mon 30 Nov" (with the year when it is not this year's). */
export function dayLabel(date: string, today: string, locale?: string): string {
  const days = daysBetween(today, date);
  if (days === 0) return "Today";
  if (days === 1) return "Tomorrow";
  if (days === -1) return "Yesterday";
  return labelFormat(locale, date.slice(0, 4) !== today.slice(0, 4)).format(new Date(utcOfDate(date)));
}

/** "17:00" (or "5:00 PM", as the locale writes it) for an instant in `zone`. */
export function timeLabel(instant: string, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(
    new Date(instant),
  );
}

export interface DueFields {
  dueDate: string | null;
  dueAt: string | null;
}

/** "Tomorrow 17:00", "Mon 30 Nov", or null without a due. */
export function dueLabel(task: DueFields, today: string, zone: string, locale?: string): string | null {
  if (task.dueAt) {
    const { date } = localParts(task.dueAt, zone);
    return `${dayLabel(date, today, locale)} ${timeLabel(task.dueAt, zone, locale)}`;
  }
  return task.dueDate ? dayLabel(task.dueDate, today, locale) : null;
}

/** Past due: a timed due before now, or an all-day due before today. */
export function isPastDue(task: DueFields & { completed: boolean }, today: string, now: number): boolean {
  if (task.completed) return false;
  if (task.dueAt) return Date.parse(task.dueAt) < now;
  return task.dueDate !== null && task.dueDate < today;
}

/**
 * The due a task gets when it moves to `date`: the same local time of day
 * on that date when it has one, else the day alone (all day).
 */
export function dueOnDay(
  task: DueFields,
  date: string,
  zone: string,
): { dueAt: string } | { dueDate: string } {
  if (task.dueAt) return { dueAt: zonedToInstant(date, localParts(task.dueAt, zone).time, zone) };
  return { dueDate: date };
}

/** `count` consecutive dates from `first`. */
export function daysFrom(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}

/**
 * Tasks by due day, for the days given (in their order); a task due on
 * another day, or on none, is left out. Each day keeps the tasks' order.
 */
export function groupByDay<T extends { dueDate: string | null }>(
  tasks: readonly T[],
  days: readonly string[],
): { date: string; tasks: T[] }[] {
  const groups = new Map(days.map((date) => [date, [] as T[]]));
  for (const task of tasks) if (task.dueDate) groups.get(task.dueDate)?.push(task);
  return days.map((date) => ({ date, tasks: groups.get(date) ?? [] }));
}

/** Every IANA zone this browser knows (for the /account picker); a short list where Intl cannot say. */
export function knownTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
