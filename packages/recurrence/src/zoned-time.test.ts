import { describe, expect, it } from "vitest";
import {
  addDays,
  canonicalTimeZone,
  instantToLocal,
  isValidTimeZone,
  localToInstant,
  todayIn,
} from "./zoned-time";

describe("isValidTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/Berlin", true],
    ["America/New_York", true],
    ["America/Argentina/Buenos_Aires", true],
    ["America/Port-au-Prince", true],
    ["Etc/GMT+1", true],
    ["Pacific/Auckland", true],
    ["Mars/Olympus", false],
    ["Europe/Atlantis", false],
    ["+01:00", false],
    ["-05:00", false],
    ["", false],
    ["Europe/Berlin ", false],
    ["../../etc/passwd", false],
  ])("%j → %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });

  it("spells a zone the way the time-zone database does", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
  });
});

describe("todayIn", () => {
  it.each([
    // 23:30 UTC is already the next morning in Auckland (UTC+13 in March).
    ["2026-03-09T23:30:00Z", "UTC", "2026-03-09"],
    ["2026-03-09T23:30:00Z", "Pacific/Auckland", "2026-03-10"],
    ["2026-03-10T10:59:59Z", "Pacific/Auckland", "2026-03-10"],
    ["2026-03-10T11:00:00Z", "Pacific/Auckland", "2026-03-11"],
    ["2026-03-10T00:30:00Z", "UTC", "2026-03-10"],
    ["2026-03-10T00:30:00Z", "America/Los_Angeles", "2026-03-09"],
  ])("at %s in %s it is %s", (now, zone, today) => {
    expect(todayIn(zone, new Date(now))).toBe(today);
  });

  it("throws for an unknown zone", () => {
    expect(() => todayIn("Mars/Olympus", new Date())).toThrow(RangeError);
  });
});

describe("instantToLocal", () => {
  it.each([
    ["2026-03-28T08:00:00.000Z", "Europe/Berlin", "2026-03-28", "09:00"],
    ["2026-03-30T07:00:00Z", "Europe/Berlin", "2026-03-30", "09:00"],
    ["2026-03-10T11:30:05Z", "Pacific/Auckland", "2026-03-11", "00:30:05"],
    ["2026-03-10T11:30:05.999Z", "UTC", "2026-03-10", "11:30:05"],
    ["2026-11-01T06:30:00Z", "America/New_York", "2026-11-01", "01:30"],
  ])("%s in %s is %s %s", (instant, zone, date, time) => {
    expect(instantToLocal(instant, zone)).toEqual({ date, time });
    expect(instantToLocal(new Date(instant), zone)).toEqual({ date, time });
  });
});

describe("localToInstant", () => {
  it.each([
    // Berlin moves from UTC+1 to UTC+2 overnight into Sunday 29 March 2026:
    // 09:00 stays 09:00 on the wall, the instant moves by an hour.
    ["2026-03-28", "09:00", "Europe/Berlin", "2026-03-28T08:00:00.000Z"],
    ["2026-03-30", "09:00", "Europe/Berlin", "2026-03-30T07:00:00.000Z"],
    ["2026-03-29", "09:00:30", "Europe/Berlin", "2026-03-29T07:00:30.000Z"],
    // 02:30 does not exist in Berlin on 29 March ("compatible": as if the
    // clocks had not jumped, 03:30 CEST).
    ["2026-03-29", "02:30", "Europe/Berlin", "2026-03-29T01:30:00.000Z"],
    // New York's spring gap, 8 March 2026, 02:00 → 03:00: 02:30 is 03:30 EDT.
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:30:00.000Z"],
    // 01:30 on 1 November 2026 happens twice in New York: the earlier (EDT) wins.
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["2026-11-01", "09:00", "America/New_York", "2026-11-01T14:00:00.000Z"],
    ["2026-10-31", "09:00", "America/New_York", "2026-10-31T13:00:00.000Z"],
    ["2026-03-11", "00:30", "Pacific/Auckland", "2026-03-10T11:30:00.000Z"],
  ])("%s %s in %s is %s", (date, time, zone, instant) => {
    expect(localToInstant(date, time, zone)).toBe(instant);
  });

  it("round-trips with instantToLocal away from the DST changes", () => {
    const instant = localToInstant("2026-07-01", "17:30", "Asia/Kolkata");
    expect(instant).toBe("2026-07-01T12:00:00.000Z");
    expect(instantToLocal(instant, "Asia/Kolkata")).toEqual({ date: "2026-07-01", time: "17:30" });
  });

  it.each([
    ["2026-02-30", "09:00", "UTC"],
    ["2026-3-1", "09:00", "UTC"],
    ["2026-03-01", "9am", "UTC"],
    ["2026-03-01", "24:00", "UTC"],
    ["2026-03-01", "09:00", "Mars/Olympus"],
  ])("rejects %s %s %s with a RangeError", (date, time, zone) => {
    expect(() => localToInstant(date, time, zone)).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-03-10", 1, "2026-03-11"],
    ["2026-03-31", 1, "2026-04-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-02-28", 1, "2027-03-01"],
    ["2026-01-01", -1, "2025-12-31"],
    // Calendar days, not 24-hour steps: the DST night changes nothing.
    ["2026-03-28", 2, "2026-03-30"],
    ["2026-03-10", 0, "2026-03-10"],
  ])("%s + %i → %s", (date, n, result) => {
    expect(addDays(date, n)).toBe(result);
  });

  it("rejects a date that is not YYYY-MM-DD", () => {
    expect(() => addDays("10/03/2026", 1)).toThrow(RangeError);
  });
});
