import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeRule } from "./describe-rule";

describe("describeRule", () => {
  it.each([
    ["FREQ=DAILY", "every day"],
    ["FREQ=DAILY;INTERVAL=2", "every 2 days"],
    ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"],
    ["FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every weekday"],
    ["FREQ=WEEKLY", "every week"],
    ["FREQ=WEEKLY;BYDAY=MO,FR", "every Mon, Fri"],
    ["FREQ=WEEKLY;BYDAY=FR,MO", "every Mon, Fri"],
    ["FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every 2 weeks on Mon"],
    ["FREQ=MONTHLY", "every month"],
    ["FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15", "every month on the 1st, 15th"],
    ["FREQ=MONTHLY;BYMONTHDAY=22", "every month on the 22nd"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "every last day of the month"],
    ["FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", "every 3 months on the last day"],
    ["FREQ=MONTHLY;BYMONTHDAY=-2", "every month on the 2nd last day"],
    ["FREQ=MONTHLY;BYDAY=3FR", "every 3rd Fri"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "every last Fri"],
    ["FREQ=MONTHLY;BYDAY=1MO,3MO", "every 1st Mon, 3rd Mon"],
    ["FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", "every 2 months on the 1st Mon"],
    ["FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", "every month on the 13th if a Fri"],
    ["FREQ=DAILY;BYMONTHDAY=13;BYDAY=FR", "every day on the 13th if a Fri"],
    ["FREQ=YEARLY", "every year"],
    ["FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=27", "every year on Jan 27"],
    ["FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "every 4 years on Feb 29"],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "every year on the last day of Feb"],
    ["FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "every year on the 4th Thu in Nov"],
    ["FREQ=YEARLY;BYMONTH=3,9", "every year in Mar, Sep"],
    ["FREQ=DAILY;UNTIL=20261231", "every day, until 31 Dec 2026"],
    ["FREQ=WEEKLY;BYDAY=MO;UNTIL=20270105T120000Z", "every Mon, until 5 Jan 2027"],
    ["FREQ=DAILY;COUNT=10", "every day, 10 times"],
    ["FREQ=DAILY;COUNT=1", "every day, 1 time"],
  ])("%s → %s", (rule, text) => {
    expect(describeRule(rule, "due")).toBe(text);
  });

  it.each([
    ["FREQ=DAILY;INTERVAL=3", "every! 3 days"],
    ["FREQ=DAILY", "every! day"],
    ["FREQ=WEEKLY;INTERVAL=2;COUNT=5", "every! 2 weeks, 5 times"],
  ])("from completion: %s → %s", (rule, text) => {
    expect(describeRule(rule, "completion")).toBe(text);
  });

  it("throws the parser's error for a rule outside the subset", () => {
    expect(() => describeRule("FREQ=HOURLY", "due")).toThrow("FREQ=HOURLY is not supported");
  });

  it("stays light for the browser: no Temporal, no RRULE library", () => {
    for (const file of ["./describe-rule.ts", "./rule.ts"]) {
      const source = readFileSync(new URL(file, import.meta.url), "utf8");
      const imports = [...source.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
      expect(imports.every((name) => name === "./rule")).toBe(true);
    }
  });
});
