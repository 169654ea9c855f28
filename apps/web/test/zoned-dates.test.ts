// Days and times in the user's zone (src/lib/zoned-dates.ts): the labels the
// planner shows, Upcoming's grouping, and moving a due to another day.
import { describe, expect, it } from "vitest";
import {
  addDays,
  dayLabel,
  daysBetween,
  daysFrom,
  dueLabel,
  dueOnDay,
  groupByDay,
  isoWeekday,
  isPastDue,
  localParts,
  todayIn,
  zonedToInstant,
} from "../src/lib/zoned-dates";

describe("today and local parts in a zone", () => {
  const instant = new Date("2026-11-29T23:30:00Z");

  it("reads today where the user lives, not where the code runs", () => {
    expect(todayIn("UTC", instant)).toBe("2026-11-29");
    expect(todayIn("Europe/Berlin", instant)).toBe("2026-11-30");
    expect(todayIn("America/Los_Angeles", instant)).toBe("2026-11-29");
    expect(todayIn("Pacific/Auckland", instant)).toBe("2026-11-30");
  });

  it("gives an instant's local date and time", () => {
    expect(localParts("2026-11-29T23:30:00Z", "Europe/Berlin")).toEqual({
      date: "2026-11-30",
      time: "00:30",
    });
    expect(localParts("2026-07-01T16:05:00Z", "America/New_York")).toEqual({
      date: "2026-07-01",
      time: "12:05",
    });
  });
});

describe("zonedToInstant", () => {
  it("turns a local date and time into the instant, in winter and in summer", () => {
    expect(zonedToInstant("2026-01-15", "09:00", "Europe/Berlin")).toBe("2026-01-15T08:00:00.000Z");
    expect(zonedToInstant("2026-07-15", "09:00", "Europe/Berlin")).toBe("2026-07-15T07:00:00.000Z");
    expect(zonedToInstant("2026-03-08", "09:00", "America/New_York")).toBe("2026-03-08T13:00:00.000Z");
    expect(zonedToInstant("2026-03-07", "09:00", "America/New_York")).toBe("2026-03-07T14:00:00.000Z");
  });

  it("round-trips with localParts across a daylight-saving change", () => {
    for (const date of ["2026-03-28", "2026-03-29", "2026-03-30", "2026-10-25", "2026-10-26"]) {
      const instant = zonedToInstant(date, "17:30", "Europe/Berlin");
      expect(localParts(instant, "Europe/Berlin")).toEqual({ date, time: "17:30" });
    }
  });
});

describe("calendar arithmetic", () => {
  it("adds days across month and year ends and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-11-30", "2026-12-14")).toBe(14);
    expect(daysFrom("2026-11-30", 3)).toEqual(["2026-11-30", "2026-12-01", "2026-12-02"]);
    expect(isoWeekday("2026-11-30")).toBe(1);
    expect(isoWeekday("2026-12-06")).toBe(7);
  });
});

describe("labels", () => {
  const today = "2026-11-28";

  it("names near days, and others by weekday, day and month (the year only when not this one)", () => {
    expect(dayLabel("2026-11-28", today, "en-GB")).toBe("Today");
    expect(dayLabel("2026-11-29", today, "en-GB")).toBe("Tomorrow");
    expect(dayLabel("2026-11-27", today, "en-GB")).toBe("Yesterday");
    expect(dayLabel("2026-11-30", today, "en-GB")).toBe("Mon 30 Nov");
    // ICU writes a comma after the weekday when a year follows.
    expect(dayLabel("2027-01-04", today, "en-GB")).toMatch(/^Mon,? 4 Jan 2027$/);
  });

  it("labels a timed due with its local time and an all-day due with its day", () => {
    const timed = { dueDate: "2026-11-29", dueAt: "2026-11-29T16:00:00Z" };
    expect(dueLabel(timed, today, "Europe/Berlin", "en-GB")).toBe("Tomorrow 17:00");
    expect(dueLabel({ dueDate: "2026-11-30", dueAt: null }, today, "UTC", "en-GB")).toBe("Mon 30 Nov");
    expect(dueLabel({ dueDate: null, dueAt: null }, today, "UTC", "en-GB")).toBeNull();
  });

  it("is past due before now (timed) or before today (all day), never when done", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(
      isPastDue({ dueDate: "2026-11-28", dueAt: "2026-11-28T11:00:00Z", completed: false }, today, now),
    ).toBe(true);
    expect(isPastDue({ dueDate: "2026-11-28", dueAt: null, completed: false }, today, now)).toBe(false);
    expect(isPastDue({ dueDate: "2026-11-27", dueAt: null, completed: false }, today, now)).toBe(true);
    expect(isPastDue({ dueDate: "2026-11-27", dueAt: null, completed: true }, today, now)).toBe(false);
  });
});

describe("moving and grouping by day", () => {
  it("keeps a timed task's local time on its new day; an all-day task moves as a day", () => {
    const timed = { dueDate: "2026-11-25", dueAt: zonedToInstant("2026-11-25", "09:30", "Europe/Berlin") };
    const moved = dueOnDay(timed, "2026-11-28", "Europe/Berlin");
    expect(moved).toEqual({ dueAt: zonedToInstant("2026-11-28", "09:30", "Europe/Berlin") });
    expect(dueOnDay({ dueDate: "2026-11-25", dueAt: null }, "2026-11-28", "UTC")).toEqual({
      dueDate: "2026-11-28",
    });
  });

  it("groups tasks under each of the days asked for, in their order, leaving out other days", () => {
    const tasks = [
      { id: "a", dueDate: "2026-11-29" },
      { id: "b", dueDate: "2026-11-28" },
      { id: "c", dueDate: null },
      { id: "d", dueDate: "2026-11-29" },
      { id: "e", dueDate: "2026-12-30" },
    ];
    const groups = groupByDay(tasks, daysFrom("2026-11-28", 3));
    expect(groups.map(({ date, tasks: onDay }) => [date, onDay.map((task) => task.id)])).toEqual([
      ["2026-11-28", ["b"]],
      ["2026-11-29", ["a", "d"]],
      ["2026-11-30", []],
    ]);
  });
});
