import { describe, expect, it } from "vitest";
import { normalizeRule, parseRule, RecurrenceRuleError } from "./rule";

describe("parseRule", () => {
  it("reads every supported part", () => {
    expect(
      parseRule("RRULE:freq=monthly;interval=2;bymonth=3,1;bymonthday=-1,15;byday=-1FR,3fr;count=10"),
    ).toEqual({
      freq: "MONTHLY",
      interval: 2,
      byMonth: [1, 3],
      byMonthDay: [15, -1],
      byDay: [
        { weekday: "FR", ordinal: 3 },
        { weekday: "FR", ordinal: -1 },
      ],
      count: 10,
      until: null,
    });
  });

  it.each([
    ["FREQ=DAILY;UNTIL=20261231", "2026-12-31"],
    // The time part is dropped: UNTIL bounds a local date.
    ["FREQ=DAILY;UNTIL=20261231T225959Z", "2026-12-31"],
    ["FREQ=YEARLY;UNTIL=20280229", "2028-02-29"],
  ])("reads UNTIL in %s as %s", (rule, until) => {
    expect(parseRule(rule).until).toBe(until);
  });

  it.each(["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", " freq=daily ", "FREQ=DAILY;"])(
    "accepts %j",
    (rule) => {
      expect(() => parseRule(rule)).not.toThrow();
    },
  );

  it.each([
    ["", "The rule is empty"],
    ["RRULE:", "The rule is empty"],
    ["INTERVAL=2", "FREQ is required"],
    ["FREQ", '"FREQ" is not a KEY=VALUE rule part'],
    ["FREQ=", "FREQ has no value"],
    ["FREQ=HOURLY", "FREQ=HOURLY is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY"],
    ["FREQ=MINUTELY", "FREQ=MINUTELY is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY"],
    ["FREQ=SECONDLY", "FREQ=SECONDLY is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY"],
    ["FREQ=FORTNIGHTLY", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"],
    ["FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "BYSETPOS is not supported"],
    ["FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"],
    ["FREQ=WEEKLY;WKST=SU", "WKST is not supported"],
    ["FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO is not supported"],
    ["FREQ=DAILY;COLOR=red", "COLOR is not a recurrence rule part"],
    ["FREQ=DAILY;freq=WEEKLY", "FREQ is given more than once"],
    ["FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000"],
    ["FREQ=DAILY;INTERVAL=1001", "INTERVAL must be a whole number from 1 to 1000"],
    ["FREQ=DAILY;INTERVAL=-2", "INTERVAL must be a whole number from 1 to 1000"],
    ["FREQ=DAILY;INTERVAL=1.5", "INTERVAL must be a whole number from 1 to 1000"],
    ["FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 1000"],
    ["FREQ=DAILY;COUNT=ten", "COUNT must be a whole number from 1 to 1000"],
    ["FREQ=DAILY;COUNT=3;UNTIL=20261231", "COUNT and UNTIL cannot be used together"],
    ["FREQ=DAILY;UNTIL=2026-12-31", "UNTIL must be a date as YYYYMMDD or YYYYMMDDTHHMMSSZ"],
    ["FREQ=DAILY;UNTIL=20261231T120000", "UNTIL must be a date as YYYYMMDD or YYYYMMDDTHHMMSSZ"],
    ["FREQ=DAILY;UNTIL=20270229", "UNTIL 20270229 is not a real date"],
    ["FREQ=DAILY;UNTIL=20261231T250000Z", "UNTIL 20261231T250000Z is not a real time"],
    ["FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must list days from 1 to 31 or -31 to -1"],
    ["FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must list days from 1 to 31 or -31 to -1"],
    ["FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY must list days from 1 to 31 or -31 to -1"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,,2", "BYMONTHDAY must list days from 1 to 31 or -31 to -1"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,1", "BYMONTHDAY lists 1 more than once"],
    ["FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"],
    ["FREQ=YEARLY;BYMONTH=13", "BYMONTH must list months from 1 to 12"],
    ["FREQ=YEARLY;BYMONTH=0", "BYMONTH must list months from 1 to 12"],
    [
      "FREQ=WEEKLY;BYDAY=MON",
      "BYDAY must list days as MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 3FR or -1FR",
    ],
    ["FREQ=WEEKLY;BYDAY=MO,mo", "BYDAY lists MO more than once"],
    ["FREQ=WEEKLY;BYDAY=1MO", "BYDAY ordinals such as 3FR or -1FR need FREQ=MONTHLY or FREQ=YEARLY"],
    ["FREQ=DAILY;BYDAY=-1FR", "BYDAY ordinals such as 3FR or -1FR need FREQ=MONTHLY or FREQ=YEARLY"],
    ["FREQ=MONTHLY;BYDAY=6FR", "A BYDAY ordinal must be from 1 to 5 or -5 to -1 within a month"],
    ["FREQ=MONTHLY;BYDAY=0FR", "A BYDAY ordinal must be from 1 to 5 or -5 to -1 within a month"],
    [
      "FREQ=YEARLY;BYDAY=54MO",
      "A BYDAY ordinal must be from 1 to 53 or -53 to -1 with FREQ=YEARLY and no BYMONTH",
    ],
    [`FREQ=DAILY;${"x".repeat(500)}`, "The rule is longer than 500 characters"],
  ])("rejects %j: %s", (rule, message) => {
    expect(() => parseRule(rule)).toThrow(new RecurrenceRuleError(message));
  });

  it("throws RecurrenceRuleError, an Error with its own name", () => {
    const error = (() => {
      try {
        parseRule("FREQ=HOURLY");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RecurrenceRuleError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("RecurrenceRuleError");
  });
});

describe("normalizeRule", () => {
  it.each([
    ["FREQ=DAILY", "FREQ=DAILY"],
    ["RRULE:freq=daily;interval=1", "FREQ=DAILY"],
    ["byday=fr,mo;freq=weekly", "FREQ=WEEKLY;BYDAY=MO,FR"],
    [
      "UNTIL=20261231T235959Z;BYMONTHDAY=-1,1;FREQ=MONTHLY;INTERVAL=3",
      "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1,-1;UNTIL=20261231",
    ],
    ["COUNT=10;BYDAY=4TH;BYMONTH=11;FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=10"],
    ["FREQ=MONTHLY;BYDAY=-1FR,1MO,+2TU", "FREQ=MONTHLY;BYDAY=1MO,2TU,-1FR"],
  ])("%s → %s", (rule, canonical) => {
    expect(normalizeRule(rule)).toBe(canonical);
    expect(normalizeRule(canonical)).toBe(canonical);
  });

  it("throws as parseRule does", () => {
    expect(() => normalizeRule("FREQ=DAILY;BYSETPOS=1")).toThrow("BYSETPOS is not supported");
  });
});
