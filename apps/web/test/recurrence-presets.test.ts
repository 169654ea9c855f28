// The detail editor's recurrence choices (src/lib/recurrence-presets.ts):
// each preset and the custom "every N days/weeks/months" form as an RRULE,
// and back from a stored rule to the choice that shows it.
import { describeRule } from "@todo/recurrence/describe-rule";
import { describe, expect, it } from "vitest";
import { choiceToRule, type RecurrenceChoice, ruleToChoice } from "../src/lib/recurrence-presets";

const choice = (overrides: Partial<RecurrenceChoice>): RecurrenceChoice => ({
  preset: "none",
  interval: 1,
  unit: "days",
  ...overrides,
});

describe("choiceToRule", () => {
  it.each([
    ["none", null],
    ["daily", "FREQ=DAILY"],
    ["weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
    ["weekly", "FREQ=WEEKLY"],
    ["monthly", "FREQ=MONTHLY"],
    ["yearly", "FREQ=YEARLY"],
  ] as const)("%s → %s", (preset, rule) => {
    expect(choiceToRule(choice({ preset }))).toBe(rule);
  });

  it("writes the custom form with an interval, leaving out INTERVAL=1", () => {
    expect(choiceToRule(choice({ preset: "custom", interval: 3, unit: "days" }))).toBe(
      "FREQ=DAILY;INTERVAL=3",
    );
    expect(choiceToRule(choice({ preset: "custom", interval: 2, unit: "weeks" }))).toBe(
      "FREQ=WEEKLY;INTERVAL=2",
    );
    expect(choiceToRule(choice({ preset: "custom", interval: 1, unit: "months" }))).toBe("FREQ=MONTHLY");
  });

  it("refuses an interval that is not a whole number from 1", () => {
    for (const interval of [0, -1, 1.5, Number.NaN, 1000])
      expect(choiceToRule(choice({ preset: "custom", interval }))).toBeNull();
  });

  it("writes rules the engine describes in words", () => {
    expect(describeRule(choiceToRule(choice({ preset: "weekdays" })) ?? "", "due")).toBe("every weekday");
    expect(describeRule(choiceToRule(choice({ preset: "custom", interval: 3 })) ?? "", "completion")).toBe(
      "every! 3 days",
    );
  });
});

describe("ruleToChoice", () => {
  it("finds the preset or custom form of a rule, and round-trips", () => {
    expect(ruleToChoice(null)).toEqual(choice({}));
    expect(ruleToChoice("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")?.preset).toBe("weekdays");
    expect(ruleToChoice("freq=monthly")?.preset).toBe("monthly");
    expect(ruleToChoice("FREQ=WEEKLY;INTERVAL=2")).toEqual(
      choice({ preset: "custom", interval: 2, unit: "weeks" }),
    );
    for (const preset of ["daily", "weekdays", "weekly", "monthly", "yearly"] as const)
      expect(ruleToChoice(choiceToRule(choice({ preset })))?.preset).toBe(preset);
  });

  it("gives null for rules the form cannot show (kept as they are)", () => {
    expect(ruleToChoice("FREQ=MONTHLY;BYMONTHDAY=1")).toBeNull();
    expect(ruleToChoice("FREQ=DAILY;COUNT=5")).toBeNull();
    expect(ruleToChoice("FREQ=YEARLY;INTERVAL=2")).toBeNull();
  });
});
