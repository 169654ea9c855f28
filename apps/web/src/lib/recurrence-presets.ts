// The detail editor's recurrence choices as RRULE bodies (SPEC §8). The
// presets anchor on the task's due day, as the server's engine does with a
// rule that names no day ("every week" repeats on the due's weekday), so
// they need nothing but the frequency.

export type RecurrencePreset = "none" | "daily" | "weekdays" | "weekly" | "monthly" | "yearly" | "custom";
export type CustomUnit = "days" | "weeks" | "months";

export const PRESET_LABELS: Record<RecurrencePreset, string> = {
  none: "Does not repeat",
  daily: "Every day",
  weekdays: "Every weekday",
  weekly: "Every week",
  monthly: "Every month",
  yearly: "Every year",
  custom: "Custom…",
};

export const UNIT_LABELS: Record<CustomUnit, string> = { days: "days", weeks: "weeks", months: "months" };

const PRESET_RULES: Record<Exclude<RecurrencePreset, "none" | "custom">, string> = {
  daily: "FREQ=DAILY",
  weekdays: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
  weekly: "FREQ=WEEKLY",
  monthly: "FREQ=MONTHLY",
  yearly: "FREQ=YEARLY",
};

const UNIT_FREQ: Record<CustomUnit, string> = { days: "DAILY", weeks: "WEEKLY", months: "MONTHLY" };

/** The longest interval the custom form offers: past it, a rule says more than "every N". */
export const INTERVAL_MAX = 999;

export interface RecurrenceChoice {
  preset: RecurrencePreset;
  /** For `custom`: every `interval` `unit`. */
  interval: number;
  unit: CustomUnit;
}

/** The RRULE body for a choice; null for "does not repeat" or an interval out of range. */
export function choiceToRule(choice: RecurrenceChoice): string | null {
  if (choice.preset === "none") return null;
  if (choice.preset !== "custom") return PRESET_RULES[choice.preset];
  const { interval, unit } = choice;
  if (!Number.isInteger(interval) || interval < 1 || interval > INTERVAL_MAX) return null;
  return interval === 1 ? `FREQ=${UNIT_FREQ[unit]}` : `FREQ=${UNIT_FREQ[unit]};INTERVAL=${interval}`;
}

/**
 * The editor's starting choice for a stored rule. A rule the presets and the
 * custom form cannot express (BYMONTHDAY, COUNT, …) gives null: the editor
 * then offers to keep it as it is.
 */
export function ruleToChoice(rule: string | null): RecurrenceChoice | null {
  const plain: RecurrenceChoice = { preset: "none", interval: 1, unit: "days" };
  if (rule === null) return plain;
  const normalised = rule.trim().toUpperCase();
  for (const [preset, presetRule] of Object.entries(PRESET_RULES))
    if (normalised === presetRule) return { ...plain, preset: preset as RecurrencePreset };
  const parts = new Map(
    normalised.split(";").map((part) => {
      const [key = "", value = ""] = part.split("=");
      return [key, value] as const;
    }),
  );
  const unit = (Object.keys(UNIT_FREQ) as CustomUnit[]).find((key) => UNIT_FREQ[key] === parts.get("FREQ"));
  const interval = Number(parts.get("INTERVAL") ?? "1");
  if (!unit || parts.size !== (parts.has("INTERVAL") ? 2 : 1) || !Number.isInteger(interval)) return null;
  return { preset: "custom", interval, unit };
}
