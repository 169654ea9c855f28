import { describe, expect, it } from "vitest";
import { firstOccurrenceOnOrAfter, type NextOccurrenceInput, nextOccurrence } from "./next-occurrence";
import { RecurrenceRuleError } from "./rule";

/** The series a task anchored on `anchor` walks through when completed on time, each due in turn. */
function series(rule: string, anchor: string, length: number): string[] {
  const dates = [anchor];
  for (let completedCount = 0; dates.length < length; completedCount++) {
    const due = dates.at(-1) ?? anchor;
    const next = nextOccurrence({
      rule,
      from: "due",
      anchorDate: anchor,
      dueDate: due,
      today: due,
      completedCount,
    });
    if (next === null) break;
    dates.push(next);
  }
  return dates;
}

describe("nextOccurrence: the schedule of each rule", () => {
  it.each([
    ["FREQ=DAILY", "2026-03-10", ["2026-03-10", "2026-03-11", "2026-03-12"]],
    ["FREQ=DAILY;INTERVAL=3", "2026-02-26", ["2026-02-26", "2026-03-01", "2026-03-04"]],
    [
      "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
      "2026-03-12",
      ["2026-03-12", "2026-03-13", "2026-03-16", "2026-03-17"],
    ],
    ["FREQ=WEEKLY", "2026-03-11", ["2026-03-11", "2026-03-18", "2026-03-25"]],
    ["FREQ=WEEKLY;BYDAY=MO,FR", "2026-03-13", ["2026-03-13", "2026-03-16", "2026-03-20", "2026-03-23"]],
    // Every other week, Monday-first weeks counted from the anchor's week.
    [
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR",
      "2026-03-02",
      ["2026-03-02", "2026-03-06", "2026-03-16", "2026-03-20", "2026-03-30"],
    ],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", "2026-03-01", ["2026-03-01", "2026-03-15", "2026-03-29"]],
    ["FREQ=MONTHLY", "2026-03-15", ["2026-03-15", "2026-04-15", "2026-05-15"]],
    ["FREQ=MONTHLY;BYMONTHDAY=1", "2026-03-01", ["2026-03-01", "2026-04-01", "2026-05-01"]],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15", "2026-03-15", ["2026-03-15", "2026-04-01", "2026-04-15"]],
    ["FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=10", "2026-01-10", ["2026-01-10", "2026-03-10", "2026-05-10"]],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "2027-01-31", ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]],
    ["FREQ=MONTHLY;BYMONTHDAY=-2", "2028-01-30", ["2028-01-30", "2028-02-28", "2028-03-30"]],
    ["FREQ=MONTHLY;BYDAY=3FR", "2026-03-20", ["2026-03-20", "2026-04-17", "2026-05-15", "2026-06-19"]],
    ["FREQ=MONTHLY;BYDAY=-1FR", "2026-03-27", ["2026-03-27", "2026-04-24", "2026-05-29", "2026-06-26"]],
    ["FREQ=MONTHLY;BYDAY=1MO,-1FR", "2026-03-27", ["2026-03-27", "2026-04-06", "2026-04-24", "2026-05-04"]],
    // A 5th Friday only in months that have one.
    ["FREQ=MONTHLY;BYDAY=5FR", "2026-01-30", ["2026-01-30", "2026-05-29", "2026-07-31"]],
    // Friday the 13th: BYDAY narrows BYMONTHDAY.
    [
      "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR",
      "2026-02-13",
      ["2026-02-13", "2026-03-13", "2026-11-13", "2027-08-13"],
    ],
    ["FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=1", "2026-01-01", ["2026-01-01", "2026-07-01", "2027-01-01"]],
    ["FREQ=YEARLY", "2026-01-27", ["2026-01-27", "2027-01-27", "2028-01-27"]],
    ["FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27", "2026-01-27", ["2026-01-27", "2027-01-27", "2028-01-27"]],
    [
      "FREQ=YEARLY;INTERVAL=2;BYMONTH=6;BYMONTHDAY=1",
      "2026-06-01",
      ["2026-06-01", "2028-06-01", "2030-06-01"],
    ],
    ["FREQ=YEARLY;BYMONTH=3,9", "2026-03-05", ["2026-03-05", "2026-09-05", "2027-03-05"]],
    // US Thanksgiving: 4th Thursday of November.
    ["FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "2026-11-26", ["2026-11-26", "2027-11-25", "2028-11-23"]],
    ["FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO", "2026-05-25", ["2026-05-25", "2027-05-31", "2028-05-29"]],
    // Without BYMONTH an ordinal counts within the year.
    ["FREQ=YEARLY;BYDAY=1MO", "2026-01-05", ["2026-01-05", "2027-01-04", "2028-01-03"]],
    ["FREQ=YEARLY;BYDAY=-1FR", "2026-12-25", ["2026-12-25", "2027-12-31", "2028-12-29"]],
    ["FREQ=DAILY;BYMONTH=12;BYMONTHDAY=24,25", "2026-12-24", ["2026-12-24", "2026-12-25", "2027-12-24"]],
  ])("%s from %s", (rule, anchor, expected) => {
    expect(series(rule, anchor, expected.length)).toEqual(expected);
  });
});

describe("nextOccurrence: daily rules with BY filters agree with a day-by-day check", () => {
  const weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
  const dayMs = 86_400_000;
  // The plain reading of a DAILY rule, on Date's UTC calendar rather than
  // Temporal: every INTERVAL-th day from the anchor that passes every filter,
  // a month day past the month's end meaning its last day.
  function oracle(rule: string, anchor: string, length: number): string[] {
    const parts = new Map(rule.split(";").map((part) => part.split("=") as [string, string]));
    const list = (key: string) => parts.get(key)?.split(",") ?? [];
    const interval = Number(parts.get("INTERVAL") ?? 1);
    const start = Date.parse(`${anchor}T00:00:00Z`);
    const dates: string[] = [];
    for (let step = 0; dates.length < length; step += interval) {
      const date = new Date(start + step * dayMs);
      const month = date.getUTCMonth() + 1;
      const monthLength = new Date(Date.UTC(date.getUTCFullYear(), month, 0)).getUTCDate();
      const clamp = (n: number) => (n > 0 ? Math.min(n, monthLength) : Math.max(monthLength + n + 1, 1));
      const passes =
        (list("BYMONTH").length === 0 || list("BYMONTH").includes(String(month))) &&
        (list("BYMONTHDAY").length === 0 ||
          list("BYMONTHDAY").some((n) => clamp(Number(n)) === date.getUTCDate())) &&
        (list("BYDAY").length === 0 || list("BYDAY").includes(weekdayCodes[date.getUTCDay()] ?? ""));
      if (passes) dates.push(date.toISOString().slice(0, 10));
    }
    return dates;
  }

  it.each([
    ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "2026-03-10"],
    ["FREQ=DAILY;BYMONTHDAY=-1;BYDAY=SA,SU", "2026-03-10"],
    ["FREQ=DAILY;BYMONTHDAY=31,1", "2026-01-30"],
    ["FREQ=DAILY;BYMONTH=12", "2026-11-29"],
    ["FREQ=DAILY;BYDAY=TU", "2026-03-10"],
    ["FREQ=DAILY;INTERVAL=2;BYDAY=MO", "2026-03-10"],
    ["FREQ=DAILY;INTERVAL=5;BYMONTHDAY=-1", "2026-01-01"],
  ])("%s from %s", (rule, anchor) => {
    const expected = oracle(rule, anchor, 4);
    expect(series(rule, expected[0] ?? anchor, 4)).toEqual(expected);
    expect(firstOccurrenceOnOrAfter(rule, anchor)).toBe(expected[0]);
  });
});

describe("nextOccurrence: month ends fall on the last day (Todoist), not skipped (RFC 5545)", () => {
  it.each([
    // 2028 is a leap year, 2027 is not.
    ["FREQ=MONTHLY", "2028-01-31", ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31"]],
    ["FREQ=MONTHLY", "2027-01-31", ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]],
    ["FREQ=MONTHLY;BYMONTHDAY=31", "2028-01-31", ["2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"]],
    ["FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-31", ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]],
    ["FREQ=MONTHLY;BYMONTHDAY=30", "2027-01-30", ["2027-01-30", "2027-02-28", "2027-03-30"]],
    // Two month days that meet on one short month's end give one occurrence there.
    ["FREQ=MONTHLY;BYMONTHDAY=30,31", "2027-01-30", ["2027-01-30", "2027-01-31", "2027-02-28", "2027-03-30"]],
    ["FREQ=MONTHLY;INTERVAL=3", "2026-11-30", ["2026-11-30", "2027-02-28", "2027-05-30"]],
    ["FREQ=YEARLY", "2028-02-29", ["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2028-02-29", ["2028-02-29", "2029-02-28", "2030-02-28"]],
  ])("%s from %s", (rule, anchor, expected) => {
    expect(series(rule, anchor, expected.length)).toEqual(expected);
  });

  it("stays on the anchor's grid: after a short month the 31st comes back", () => {
    // Completed on Feb 28 (due Feb 28): next is Mar 31, not Mar 28.
    expect(
      nextOccurrence({
        rule: "FREQ=MONTHLY",
        from: "due",
        anchorDate: "2027-01-31",
        dueDate: "2027-02-28",
        today: "2027-02-28",
        completedCount: 1,
      }),
    ).toBe("2027-03-31");
  });
});

describe("nextOccurrence: due or completion, early or overdue", () => {
  const base = { anchorDate: "2026-03-01", completedCount: 0 } as const;
  it.each<[string, Omit<NextOccurrenceInput, "anchorDate" | "completedCount">, string]>([
    // On time: the next one after the due.
    [
      "daily, on time",
      { rule: "FREQ=DAILY", from: "due", dueDate: "2026-03-05", today: "2026-03-05" },
      "2026-03-06",
    ],
    // Overdue: after today, never in the past; missed days are skipped.
    [
      "daily, overdue",
      { rule: "FREQ=DAILY", from: "due", dueDate: "2026-03-05", today: "2026-03-10" },
      "2026-03-11",
    ],
    // Early: after the due, so the series does not go backwards.
    [
      "daily, early",
      { rule: "FREQ=DAILY", from: "due", dueDate: "2026-03-15", today: "2026-03-10" },
      "2026-03-16",
    ],
    [
      "every 3 days, overdue, stays on its grid",
      { rule: "FREQ=DAILY;INTERVAL=3", from: "due", dueDate: "2026-03-04", today: "2026-03-10" },
      "2026-03-13",
    ],
    [
      "every 3 days, overdue by one grid step",
      { rule: "FREQ=DAILY;INTERVAL=3", from: "due", dueDate: "2026-03-04", today: "2026-03-11" },
      "2026-03-13",
    ],
    [
      "weekly Monday, overdue",
      { rule: "FREQ=WEEKLY;BYDAY=MO", from: "due", dueDate: "2026-03-02", today: "2026-03-18" },
      "2026-03-23",
    ],
    [
      "monthly on the 1st, early",
      { rule: "FREQ=MONTHLY;BYMONTHDAY=1", from: "due", dueDate: "2026-04-01", today: "2026-03-20" },
      "2026-05-01",
    ],
    // every! 3 days counts from the day it is done, whatever the due was.
    [
      "every! 3 days, overdue",
      { rule: "FREQ=DAILY;INTERVAL=3", from: "completion", dueDate: "2026-03-05", today: "2026-03-10" },
      "2026-03-13",
    ],
    [
      "every! 3 days, early",
      { rule: "FREQ=DAILY;INTERVAL=3", from: "completion", dueDate: "2026-03-15", today: "2026-03-10" },
      "2026-03-13",
    ],
    [
      "every! 2 weeks",
      { rule: "FREQ=WEEKLY;INTERVAL=2", from: "completion", dueDate: "2026-03-02", today: "2026-03-11" },
      "2026-03-25",
    ],
    [
      "every! month, from the 31st",
      { rule: "FREQ=MONTHLY", from: "completion", dueDate: "2026-01-15", today: "2026-01-31" },
      "2026-02-28",
    ],
  ])("%s", (_name, input, expected) => {
    expect(nextOccurrence({ ...base, ...input })).toBe(expected);
  });
});

describe("nextOccurrence: COUNT and UNTIL", () => {
  const input = (
    rule: string,
    dueDate: string,
    completedCount: number,
    today = dueDate,
  ): NextOccurrenceInput => ({
    rule,
    from: "due",
    anchorDate: "2026-03-01",
    dueDate,
    today,
    completedCount,
  });

  it.each([
    // COUNT=3: the first due is occurrence 1; after two completions the third is the last.
    [input("FREQ=DAILY;COUNT=3", "2026-03-01", 0), "2026-03-02"],
    [input("FREQ=DAILY;COUNT=3", "2026-03-02", 1), "2026-03-03"],
    [input("FREQ=DAILY;COUNT=3", "2026-03-03", 2), null],
    [input("FREQ=DAILY;COUNT=1", "2026-03-01", 0), null],
    // An overdue completion skips missed days but uses up only one.
    [input("FREQ=DAILY;COUNT=3", "2026-03-01", 0, "2026-03-20"), "2026-03-21"],
    [input("FREQ=WEEKLY;COUNT=10", "2026-03-01", 9), null],
    // UNTIL is inclusive, and a local date bound.
    [input("FREQ=DAILY;UNTIL=20260305", "2026-03-04", 3), "2026-03-05"],
    [input("FREQ=DAILY;UNTIL=20260305", "2026-03-05", 4), null],
    [input("FREQ=DAILY;UNTIL=20260305T235959Z", "2026-03-05", 4), null],
    [input("FREQ=WEEKLY;UNTIL=20260310", "2026-03-08", 1), null],
    // Overdue past UNTIL: used up, not brought back.
    [input("FREQ=DAILY;UNTIL=20260305", "2026-03-02", 1, "2026-03-06"), null],
    [input("FREQ=MONTHLY;UNTIL=20261231", "2026-11-01", 8), "2026-12-01"],
  ])("%o → %s", (given, expected) => {
    expect(nextOccurrence(given)).toBe(expected);
  });

  it("does the same for from=completion", () => {
    const done = {
      rule: "FREQ=DAILY;INTERVAL=3;COUNT=2",
      from: "completion",
      anchorDate: "2026-03-01",
    } as const;
    expect(nextOccurrence({ ...done, dueDate: "2026-03-01", today: "2026-03-02", completedCount: 0 })).toBe(
      "2026-03-05",
    );
    expect(
      nextOccurrence({ ...done, dueDate: "2026-03-05", today: "2026-03-05", completedCount: 1 }),
    ).toBeNull();
  });
});

describe("nextOccurrence: bad input", () => {
  const good: NextOccurrenceInput = {
    rule: "FREQ=DAILY",
    from: "due",
    anchorDate: "2026-03-01",
    dueDate: "2026-03-01",
    today: "2026-03-01",
    completedCount: 0,
  };

  it("throws RecurrenceRuleError for a rule outside the subset", () => {
    expect(() => nextOccurrence({ ...good, rule: "FREQ=HOURLY" })).toThrow(RecurrenceRuleError);
  });

  it.each<Partial<NextOccurrenceInput>>([
    { dueDate: "2026-02-30" },
    { today: "tomorrow" },
    { anchorDate: "2026-3-1" },
    { completedCount: -1 },
    { completedCount: 1.5 },
  ])("throws RangeError for %o", (bad) => {
    expect(() => nextOccurrence({ ...good, ...bad })).toThrow(RangeError);
  });
});

describe("nextOccurrence: the far future", () => {
  it("ends a series that would pass 9999-12-31", () => {
    const late = { from: "due", completedCount: 0 } as const;
    expect(
      nextOccurrence({
        ...late,
        rule: "FREQ=YEARLY;INTERVAL=1000",
        anchorDate: "9000-01-01",
        dueDate: "9000-01-01",
        today: "9000-01-01",
      }),
    ).toBeNull();
    expect(
      nextOccurrence({
        ...late,
        rule: "FREQ=DAILY",
        anchorDate: "9999-12-31",
        dueDate: "9999-12-31",
        today: "9999-12-31",
      }),
    ).toBeNull();
  });

  it("finds the next date of a series decades after its anchor", () => {
    expect(
      nextOccurrence({
        rule: "FREQ=DAILY",
        from: "due",
        anchorDate: "1990-01-01",
        dueDate: "1990-01-01",
        today: "2026-03-10",
        completedCount: 0,
      }),
    ).toBe("2026-03-11");
  });
});

describe("firstOccurrenceOnOrAfter", () => {
  it.each([
    // "every monday" made on a Wednesday starts next Monday.
    ["FREQ=WEEKLY;BYDAY=MO", "2026-03-11", "2026-03-16"],
    ["FREQ=WEEKLY;BYDAY=MO", "2026-03-16", "2026-03-16"],
    ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-03-14", "2026-03-16"],
    // No BY part: the day itself is the schedule.
    ["FREQ=DAILY", "2026-03-11", "2026-03-11"],
    ["FREQ=WEEKLY", "2026-03-11", "2026-03-11"],
    ["FREQ=MONTHLY", "2026-03-31", "2026-03-31"],
    ["FREQ=YEARLY", "2028-02-29", "2028-02-29"],
    ["FREQ=MONTHLY;BYMONTHDAY=1", "2026-03-11", "2026-04-01"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "2026-02-11", "2026-02-28"],
    ["FREQ=MONTHLY;BYDAY=3FR", "2026-03-21", "2026-04-17"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "2026-03-11", "2026-03-27"],
    ["FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27", "2026-03-11", "2027-01-27"],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2026-03-11", "2027-02-28"],
    ["FREQ=DAILY;UNTIL=20261231", "2026-12-31", "2026-12-31"],
    ["FREQ=DAILY;UNTIL=20261231", "2027-01-01", null],
    ["FREQ=WEEKLY;BYDAY=MO;UNTIL=20260315", "2026-03-11", null],
    // Rules with no date at all.
    ["FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=5MO", "2026-03-11", null],
    ["FREQ=DAILY;INTERVAL=7;BYDAY=TU", "2026-03-09", null],
  ])("%s on or after %s → %s", (rule, date, expected) => {
    expect(firstOccurrenceOnOrAfter(rule, date)).toBe(expected);
  });
});
