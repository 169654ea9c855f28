"use client";

import { DESCRIPTION_MAX, TAGS_PER_TASK_MAX as TAGS_MAX, TITLE_MAX } from "@todo/contract/limits";
import { describeRule } from "@todo/recurrence/describe-rule";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import {
  type CustomUnit,
  choiceToRule,
  INTERVAL_MAX,
  PRESET_LABELS,
  type RecurrencePreset,
  ruleToChoice,
  UNIT_LABELS,
} from "@/lib/recurrence-presets";
import type { Completion, Task, TaskChanges, TaskPriority } from "@/lib/task-types";
import { PRIORITY_LABELS, parseTags, TAG_MAX } from "@/lib/task-view";
import { listCompletions } from "@/lib/tasks-api";
import { browserTimeZone, dayLabel, localParts, todayIn, zonedToInstant } from "@/lib/zoned-dates";
import { useOptionalPlanner } from "../planner/planner-context";
import { type ReminderDraft, RemindersField, remindersFromTask, remindersToApi } from "./reminders-field";
import styles from "./task-editor.module.css";

interface TaskEditorProps {
  task: Task;
  onSave: (task: Task, changes: TaskChanges) => void;
  onClose: () => void;
}

type Errors = { title?: string; tags?: string; repeat?: string; reminders?: string };
/** The repeat menu: a preset, the custom form, or (for a rule neither can show) the rule kept as it is. */
type RepeatValue = RecurrencePreset | "keep";

/** The due, as the form edits it: a day in the user's zone and an optional time. */
function dueParts(task: Task, zone: string): { date: string; time: string } {
  if (task.dueAt) return localParts(task.dueAt, zone);
  return { date: task.dueDate ?? "", time: "" };
}

/** Reminders compared as instants, whatever the spelling of the time. */
function reminderKey(reminders: Task["reminders"]): string {
  return JSON.stringify(
    reminders.map((reminder) => ("at" in reminder ? Date.parse(reminder.at) : reminder.before)),
  );
}

function describe(rule: string | null, from: "due" | "completion"): string | null {
  if (!rule) return null;
  try {
    return describeRule(rule, from);
  } catch {
    return null;
  }
}

/**
 * The detail editor: a modal dialog (the browser's own, for focus trapping
 * and Escape). Title, notes, list, priority, the due day with an optional
 * time (in the user's zone), how it repeats, tags; and, for a repeating
 * task, when it was done before.
 */
export function TaskEditor({ task, onSave, onClose }: TaskEditorProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const planner = useOptionalPlanner();
  const zone = planner?.timeZone ?? browserTimeZone();
  const today = planner?.today ?? todayIn(zone);
  const lists = (planner?.lists ?? []).filter((list) => !list.archived || list.id === task.listId);
  const initialDue = dueParts(task, zone);
  const initialChoice = ruleToChoice(task.recurrence?.rule ?? null);

  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? "");
  const [listId, setListId] = useState(task.listId);
  const [priority, setPriority] = useState<TaskPriority>(task.priority);
  const [dueDate, setDueDate] = useState(initialDue.date);
  const [dueTime, setDueTime] = useState(initialDue.time);
  const [repeat, setRepeat] = useState<RepeatValue>(initialChoice?.preset ?? "keep");
  const [interval, setIntervalText] = useState(String(initialChoice?.interval ?? 1));
  const [unit, setUnit] = useState<CustomUnit>(initialChoice?.unit ?? "days");
  const [fromCompletion, setFromCompletion] = useState(task.recurrence?.from === "completion");
  const [tags, setTags] = useState(task.tags.join(", "));
  const [reminders, setReminders] = useState<ReminderDraft[]>(() => remindersFromTask(task, zone));
  const [errors, setErrors] = useState<Errors>({});
  const [history, setHistory] = useState<Completion[] | "loading" | "failed" | null>(
    task.recurrence ? "loading" : null,
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    if (!task.recurrence) return;
    let live = true;
    listCompletions(task.id).then(
      (page) => live && setHistory(page.items),
      () => live && setHistory("failed"),
    );
    return () => {
      live = false;
    };
  }, [task.id, task.recurrence]);

  const from = fromCompletion ? "completion" : "due";
  const rule =
    repeat === "keep"
      ? (task.recurrence?.rule ?? null)
      : choiceToRule({ preset: repeat, interval: Number(interval), unit });
  const ruleText = describe(rule, from);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    const trimmedTitle = title.trim();
    if (!trimmedTitle) found.title = "A task needs a title.";
    const tagList = parseTags(tags);
    if (tagList.length > TAGS_MAX) found.tags = `At most ${TAGS_MAX} tags.`;
    const long = tagList.find((tag) => tag.length > TAG_MAX);
    if (long) found.tags = `“${long}” is longer than ${TAG_MAX} characters.`;
    if (repeat === "custom" && rule === null)
      found.repeat = `Repeat every 1 to ${INTERVAL_MAX} ${UNIT_LABELS[unit]}.`;
    else if (rule !== null && !dueDate) found.repeat = "A repeating task needs a due day.";
    const reminderResult = remindersToApi(reminders, zone, Boolean(dueDate && dueTime));
    if ("error" in reminderResult) found.reminders = reminderResult.error;
    if (found.title || found.tags || found.repeat || found.reminders) {
      setErrors(found);
      return;
    }

    const changes: TaskChanges = {};
    if (trimmedTitle !== task.title) changes.title = trimmedTitle;
    const nextDescription = description.trim() ? description : null;
    if (nextDescription !== task.description) changes.description = nextDescription;
    if (listId !== task.listId) changes.listId = listId;
    if (priority !== task.priority) changes.priority = priority;
    // Compared as the form shows them, so an untouched due is not rewritten.
    if (dueDate !== initialDue.date || dueTime !== initialDue.time) {
      if (!dueDate) changes.dueDate = null;
      else if (dueTime) changes.dueAt = zonedToInstant(dueDate, dueTime, zone);
      else changes.dueDate = dueDate;
    }
    if (rule !== (task.recurrence?.rule ?? null) || (rule !== null && from !== task.recurrence?.from))
      changes.recurrence = rule === null ? null : { rule, from };
    if (tagList.join(",") !== task.tags.join(",")) changes.tags = tagList;
    if (
      "reminders" in reminderResult &&
      reminderKey(reminderResult.reminders) !== reminderKey(task.reminders)
    )
      changes.reminders = reminderResult.reminders;

    if (Object.keys(changes).length > 0) onSave(task, changes);
    dialogRef.current?.close();
  }

  const titleError = errors.title ? `${id}-title-error` : undefined;
  const tagsDescribedBy = [errors.tags ? `${id}-tags-error` : "", `${id}-tags-hint`]
    .filter(Boolean)
    .join(" ");
  const repeatDescribedBy = [errors.repeat ? `${id}-repeat-error` : "", `${id}-repeat-text`]
    .filter(Boolean)
    .join(" ");

  return (
    <dialog
      ref={dialogRef}
      className={`dialog-panel ${styles.editor}`}
      aria-labelledby={`${id}-heading`}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        <h2 id={`${id}-heading`}>Edit task</h2>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={TITLE_MAX}
            required
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError}
          />
          {errors.title && (
            <p id={titleError} className="field-error" role="alert">
              {errors.title}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            maxLength={DESCRIPTION_MAX}
            rows={3}
          />
        </div>
        <div className="field-row">
          {lists.length > 0 && (
            <div className="field">
              <label htmlFor={`${id}-list`}>List</label>
              <select id={`${id}-list`} value={listId} onChange={(event) => setListId(event.target.value)}>
                {lists.map((list) => (
                  <option key={list.id} value={list.id}>
                    {list.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select
              id={`${id}-priority`}
              value={priority}
              onChange={(event) => setPriority(event.target.value as TaskPriority)}
            >
              {(Object.keys(PRIORITY_LABELS) as TaskPriority[]).map((value) => (
                <option key={value} value={value}>
                  {PRIORITY_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-due`}>Due date</label>
            <input
              id={`${id}-due`}
              type="date"
              value={dueDate}
              onChange={(event) => setDueDate(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-time`}>Time (optional)</label>
            <div className={styles.due}>
              <input
                id={`${id}-time`}
                type="time"
                value={dueTime}
                disabled={!dueDate}
                onChange={(event) => setDueTime(event.target.value)}
              />
              {dueDate && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    setDueDate("");
                    setDueTime("");
                    setRepeat("none");
                  }}
                >
                  Clear due
                </button>
              )}
            </div>
          </div>
        </div>
        <fieldset className={styles.repeat}>
          <legend>Repeat</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-repeat`}>Repeats</label>
              <select
                id={`${id}-repeat`}
                value={repeat}
                onChange={(event) => {
                  setRepeat(event.target.value as RepeatValue);
                  setErrors((current) => ({ ...current, repeat: undefined }));
                }}
                aria-describedby={repeatDescribedBy}
                aria-invalid={errors.repeat ? true : undefined}
              >
                {initialChoice === null && task.recurrence && (
                  <option value="keep">As set: {task.recurrence.text}</option>
                )}
                {(Object.keys(PRESET_LABELS) as RecurrencePreset[]).map((value) => (
                  <option key={value} value={value}>
                    {PRESET_LABELS[value]}
                  </option>
                ))}
              </select>
            </div>
            {repeat === "custom" && (
              <div className={`field ${styles.custom}`}>
                <label htmlFor={`${id}-interval`}>Every</label>
                <div className={styles.due}>
                  <input
                    id={`${id}-interval`}
                    type="number"
                    min={1}
                    max={INTERVAL_MAX}
                    step={1}
                    inputMode="numeric"
                    value={interval}
                    onChange={(event) => setIntervalText(event.target.value)}
                  />
                  <select
                    aria-label="Unit"
                    value={unit}
                    onChange={(event) => setUnit(event.target.value as CustomUnit)}
                  >
                    {(Object.keys(UNIT_LABELS) as CustomUnit[]).map((value) => (
                      <option key={value} value={value}>
                        {UNIT_LABELS[value]}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            )}
          </div>
          {rule !== null && (
            <label className={styles.check}>
              <input
                type="checkbox"
                checked={fromCompletion}
                onChange={(event) => setFromCompletion(event.target.checked)}
              />
              Count from when it is completed
            </label>
          )}
          <p id={`${id}-repeat-text`} className="hint" aria-live="polite">
            {ruleText ? `Repeats ${ruleText}.` : "Does not repeat."}
          </p>
          {errors.repeat && (
            <p id={`${id}-repeat-error`} className="field-error" role="alert">
              {errors.repeat}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags</label>
          <input
            id={`${id}-tags`}
            value={tags}
            onChange={(event) => setTags(event.target.value)}
            autoComplete="off"
            aria-invalid={errors.tags ? true : undefined}
            aria-describedby={tagsDescribedBy}
          />
          <p id={`${id}-tags-hint`} className="hint">
            Separate tags with commas, e.g. “work, errands”.
          </p>
          {errors.tags && (
            <p id={`${id}-tags-error`} className="field-error" role="alert">
              {errors.tags}
            </p>
          )}
        </div>
        <RemindersField
          id={id}
          drafts={reminders}
          onChange={(next) => {
            setReminders(next);
            setErrors((current) => ({ ...current, reminders: undefined }));
          }}
          timedDue={Boolean(dueDate && dueTime)}
          defaultDate={dueDate || today}
          error={errors.reminders}
        />
        {history !== null && (
          <section className={styles.history} aria-labelledby={`${id}-history`}>
            <h3 id={`${id}-history`}>Completed before</h3>
            {history === "loading" ? (
              <p className="muted">Loading…</p>
            ) : history === "failed" ? (
              <p className="muted">The history could not be loaded.</p>
            ) : history.length === 0 ? (
              <p className="muted">Not completed yet.</p>
            ) : (
              <ul>
                {history.map((entry) => (
                  <li key={entry.completedAt}>
                    {entry.dueDate ? `Due ${dayLabel(entry.dueDate, today)}, ` : ""}
                    done {dayLabel(localParts(entry.completedAt, zone).date, today).toLowerCase()}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        <div className="actions">
          <button className="button button-primary" type="submit">
            Save
          </button>
          <button className="button" type="button" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
