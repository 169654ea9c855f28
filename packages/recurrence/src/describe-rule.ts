// English text for a rule, in the words quick add accepts (SPEC §8: "every
// Mon, Fri", "every! 3 days"), so what the server writes into
// `recurrence.text` can be typed back in. The browser shows it while the user
// types: only rule.ts may be imported here, never Temporal.
import { type ByDay, type ParsedRule, parseRule, type Weekday } from "./rule";

const dayNames: Record<Weekday, string> = {
  MO: "Mon",
  TU: "Tue",
  WE: "Wed",
  TH: "Thu",
  FR: "Fri",
  SA: "Sat",
  SU: "Sun",
};
const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const workWeek = "MO,TU,WE,TH,FR";

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

const monthName = (month: number) => monthNames[month - 1] ?? String(month);

// "1st", "last day", "2nd last day": a BYMONTHDAY value as read after "the".
const monthDayWords = (day: number) =>
  day > 0 ? ordinal(day) : day === -1 ? "last day" : `${ordinal(-day)} last day`;

// "Fri", "3rd Fri", "last Fri", "2nd last Fri".
const byDayWords = ({ weekday, ordinal: n }: ByDay) =>
  n === null
    ? dayNames[weekday]
    : n === -1
      ? `last ${dayNames[weekday]}`
      : n < 0
        ? `${ordinal(-n)} last ${dayNames[weekday]}`
        : `${ordinal(n)} ${dayNames[weekday]}`;

const every = (interval: number, unit: string) =>
  interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;

const isWorkWeek = (byDay: readonly ByDay[]) =>
  byDay.every((d) => d.ordinal === null) && byDay.map((d) => d.weekday).join(",") === workWeek;

// " on the 1st", " on the 3rd Fri", " on Mon", " on the 13th if a Fri" (BYDAY
// narrowing BYMONTHDAY), or nothing when the anchor's day is meant.
function onDays({ byMonthDay, byDay }: ParsedRule, days: string, monthDays: string): string {
  if (byMonthDay.length > 0) return ` on the ${monthDays}${byDay.length > 0 ? ` if a ${days}` : ""}`;
  if (byDay.length === 0) return "";
  return byDay.some((d) => d.ordinal !== null) ? ` on the ${days}` : ` on ${days}`;
}

function describeSchedule(rule: ParsedRule): string {
  const { freq, interval, byMonth, byMonthDay, byDay } = rule;
  const days = byDay.map(byDayWords).join(", ");
  const monthDays = byMonthDay.map(monthDayWords).join(", ");
  const inMonths = byMonth.length > 0 ? ` in ${byMonth.map(monthName).join(", ")}` : "";

  switch (freq) {
    case "DAILY":
    case "WEEKLY": {
      const unit = freq === "DAILY" ? "day" : "week";
      if (byMonthDay.length > 0) return `${every(interval, unit)}${onDays(rule, days, monthDays)}${inMonths}`;
      if (byDay.length === 0) return `${every(interval, unit)}${inMonths}`;
      if (interval === 1) return `every ${isWorkWeek(byDay) ? "weekday" : days}${inMonths}`;
      return `${every(interval, unit)} on ${days}${inMonths}`;
    }
    case "MONTHLY": {
      const onlyOrdinalDays = byDay.length > 0 && byDay.every((d) => d.ordinal !== null);
      if (interval === 1 && byMonth.length === 0 && byMonthDay.length === 0 && onlyOrdinalDays) {
        return `every ${days}`;
      }
      if (interval === 1 && byMonth.length === 0 && byDay.length === 0 && monthDays === "last day") {
        return "every last day of the month";
      }
      return `${every(interval, "month")}${onDays(rule, days, monthDays)}${inMonths}`;
    }
    case "YEARLY": {
      const [month, ...moreMonths] = byMonth;
      const [day, ...moreDays] = byMonthDay;
      if (month !== undefined && moreMonths.length === 0 && byDay.length === 0) {
        if (day !== undefined && day > 0 && moreDays.length === 0) {
          return `${every(interval, "year")} on ${monthName(month)} ${day}`;
        }
        if (day === -1 && moreDays.length === 0) {
          return `${every(interval, "year")} on the last day of ${monthName(month)}`;
        }
      }
      return `${every(interval, "year")}${onDays(rule, days, monthDays)}${inMonths}`;
    }
  }
}

function describeUntil(until: string): string {
  const [year, month, day] = until.split("-").map(Number);
  return `${day} ${monthName(month ?? 0)} ${year}`;
}

/**
 * Human English for a rule: "every weekday", "every 2 weeks on Mon", "every
 * 3rd Fri", "every year on Jan 27, until 31 Dec 2026". With
 * `from: "completion"` it starts "every!" (Todoist's mark for "counted from
 * when it was done"). Throws `RecurrenceRuleError` for a rule `parseRule`
 * rejects.
 */
export function describeRule(rule: string, from: "due" | "completion"): string {
  const parsed = parseRule(rule);
  let text = describeSchedule(parsed);
  if (from === "completion") text = text.replace(/^every/, "every!");
  if (parsed.count !== null) text += parsed.count === 1 ? ", 1 time" : `, ${parsed.count} times`;
  if (parsed.until !== null) text += `, until ${describeUntil(parsed.until)}`;
  return text;
}
