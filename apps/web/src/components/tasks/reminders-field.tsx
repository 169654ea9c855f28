"use client";

// The task editor's reminders (SPEC §9): up to five, each at a time of day
// on a day, or some minutes before a due that has a time. The form keeps
// them as it shows them (local day and time, minutes as typed) and turns
// them into the API's shape on save (`remindersToApi`).
import { REMINDER_BEFORE_MAX, REMINDERS_PER_TASK_MAX } from "@todo/contract/limits";
import type { Task } from "@/lib/task-types";
import { localParts, zonedToInstant } from "@/lib/zoned-dates";
import styles from "./task-editor.module.css";

export type ReminderDraft =
  | { key: number; kind: "at"; date: string; time: string }
  | { key: number; kind: "before"; minutes: string };

let lastKey = 0;

export function remindersFromTask(task: Task, zone: string): ReminderDraft[] {
  return task.reminders.map((reminder) => {
    lastKey += 1;
    if ("at" in reminder) return { key: lastKey, kind: "at", ...localParts(reminder.at, zone) };
    return { key: lastKey, kind: "before", minutes: String(reminder.before) };
  });
}

/** The API's reminders, or an error to show. `timedDue`: the due has a time of day. */
export function remindersToApi(
  drafts: ReminderDraft[],
  zone: string,
  timedDue: boolean,
): { reminders: Task["reminders"] } | { error: string } {
  const reminders: Task["reminders"] = [];
  for (const draft of drafts) {
    if (draft.kind === "at") {
      if (!draft.date || !draft.time) return { error: "Give each reminder a day and a time." };
      reminders.push({ at: zonedToInstant(draft.date, draft.time, zone) });
    } else {
      if (!timedDue) return { error: "A reminder before the due needs a due with a time." };
      const minutes = Number(draft.minutes);
      if (!/^\d+$/.test(draft.minutes.trim()) || minutes > REMINDER_BEFORE_MAX)
        return { error: `Remind 0 to ${REMINDER_BEFORE_MAX} minutes before the due.` };
      reminders.push({ before: minutes });
    }
  }
  return { reminders };
}

export function RemindersField({
  id,
  drafts,
  onChange,
  timedDue,
  defaultDate,
  error,
}: {
  id: string;
  drafts: ReminderDraft[];
  onChange: (drafts: ReminderDraft[]) => void;
  timedDue: boolean;
  /** The day a new "at" reminder starts on: the due's, else today. */
  defaultDate: string;
  error?: string | undefined;
}) {
  const full = drafts.length >= REMINDERS_PER_TASK_MAX;
  const replace = (key: number, next: ReminderDraft) =>
    onChange(drafts.map((draft) => (draft.key === key ? next : draft)));
  const add = (draft: ReminderDraft) => onChange([...drafts, draft]);

  return (
    <fieldset className={styles.repeat} aria-describedby={error ? `${id}-reminders-error` : undefined}>
      <legend>Reminders</legend>
      {drafts.length === 0 ? (
        <p className="hint">No reminders.</p>
      ) : (
        <ul className={styles.reminders}>
          {drafts.map((draft, index) => {
            const n = index + 1;
            return (
              <li key={draft.key} className={styles.reminder}>
                {draft.kind === "at" ? (
                  <>
                    <label htmlFor={`${id}-reminder-${draft.key}-date`} className="visually-hidden">
                      Reminder {n} day
                    </label>
                    <input
                      id={`${id}-reminder-${draft.key}-date`}
                      type="date"
                      value={draft.date}
                      onChange={(event) => replace(draft.key, { ...draft, date: event.target.value })}
                    />
                    <label htmlFor={`${id}-reminder-${draft.key}-time`} className="visually-hidden">
                      Reminder {n} time
                    </label>
                    <input
                      id={`${id}-reminder-${draft.key}-time`}
                      type="time"
                      value={draft.time}
                      onChange={(event) => replace(draft.key, { ...draft, time: event.target.value })}
                    />
                  </>
                ) : (
                  <>
                    <label htmlFor={`${id}-reminder-${draft.key}-minutes`} className="visually-hidden">
                      Reminder {n}: minutes before the due
                    </label>
                    <input
                      id={`${id}-reminder-${draft.key}-minutes`}
                      type="number"
                      min={0}
                      max={REMINDER_BEFORE_MAX}
                      step={1}
                      inputMode="numeric"
                      value={draft.minutes}
                      onChange={(event) => replace(draft.key, { ...draft, minutes: event.target.value })}
                    />
                    <span>minutes before the due</span>
                  </>
                )}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => onChange(drafts.filter((item) => item.key !== draft.key))}
                  aria-label={`Remove reminder ${n}`}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button-small"
          disabled={full}
          onClick={() => {
            lastKey += 1;
            add({ key: lastKey, kind: "at", date: defaultDate, time: "09:00" });
          }}
        >
          Remind at a time
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={full || !timedDue}
          onClick={() => {
            lastKey += 1;
            add({ key: lastKey, kind: "before", minutes: "15" });
          }}
        >
          Remind before the due
        </button>
      </div>
      <p className="hint">
        {full
          ? `At most ${REMINDERS_PER_TASK_MAX} reminders.`
          : timedDue
            ? `Up to ${REMINDERS_PER_TASK_MAX} reminders.`
            : `Up to ${REMINDERS_PER_TASK_MAX} reminders. Give the due a time to be reminded before it.`}
      </p>
      {error && (
        <p id={`${id}-reminders-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
