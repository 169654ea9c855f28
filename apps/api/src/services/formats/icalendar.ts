// Tasks as iCalendar (RFC 5545): one VTODO per task, written by ical.js
// (Mozilla's, used by Thunderbird), which escapes TEXT values, joins
// CATEGORIES and folds lines at UTF-8 character boundaries with CRLF.
// docs/decisions/0010-export-formats.md says why this library.
import type { TaskRow } from "@todo/db";
import type { StoredReminder } from "@todo/db/tasks-schema";
import ICAL from "ical.js";

// ical.js folds the first line of a property at 75 octets but writes
// continuation lines of 75 octets after their leading space: 76 in all.
// At 74 every physical line, the space included, stays within RFC 5545's 75.
ICAL.foldLength = 74;

const PRODID = "-//Todo//Tasks//EN";

/** RFC 5545 PRIORITY: 1 highest … 9 lowest; 0 (left out) = undefined. */
const icalPriority = { high: 1, medium: 5, low: 9, none: 0 } as const;

const utc = (instant: Date) => ICAL.Time.fromJSDate(instant, true);

/** The calendar's opening lines (up to its first component), and its closing line. */
export function calendarFrame(name: string): { head: string; tail: string } {
  const calendar = new ICAL.Component("vcalendar");
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("prodid", PRODID);
  calendar.addPropertyWithValue("calscale", "GREGORIAN");
  calendar.addPropertyWithValue("x-wr-calname", name);
  const text = calendar.toString();
  const end = text.lastIndexOf("END:VCALENDAR");
  return { head: text.slice(0, end), tail: "END:VCALENDAR\r\n" };
}

function alarm(reminder: StoredReminder, title: string): InstanceType<typeof ICAL.Component> {
  const valarm = new ICAL.Component("valarm");
  valarm.addPropertyWithValue("action", "DISPLAY");
  valarm.addPropertyWithValue("description", title);
  if ("at" in reminder) {
    const trigger = new ICAL.Property("trigger");
    trigger.resetType("date-time");
    trigger.setValue(utc(new Date(reminder.at)));
    valarm.addProperty(trigger);
  } else {
    // Relative to the due (RELATED=END is a VTODO's DUE).
    const trigger = new ICAL.Property("trigger");
    trigger.setParameter("related", "END");
    trigger.setValue(ICAL.Duration.fromSeconds(-reminder.before * 60));
    valarm.addProperty(trigger);
  }
  return valarm;
}

/** One task as a VTODO, CRLF-terminated and folded. `stamp`: when the file was made (DTSTAMP). */
export function vtodo(task: TaskRow, stamp: Date): string {
  const todo = new ICAL.Component("vtodo");
  todo.addPropertyWithValue("uid", `${task.id}@todo`);
  todo.addPropertyWithValue("dtstamp", utc(stamp));
  todo.addPropertyWithValue("created", utc(task.createdAt));
  todo.addPropertyWithValue("last-modified", utc(task.updatedAt));
  todo.addPropertyWithValue("summary", task.title);
  if (task.description) todo.addPropertyWithValue("description", task.description);
  const due = task.dueAt ? utc(task.dueAt) : task.dueDate ? ICAL.Time.fromDateString(task.dueDate) : null;
  if (due) {
    // A recurrence is counted from DTSTART: the task's current due.
    if (task.recurrence) todo.addPropertyWithValue("dtstart", due);
    todo.addPropertyWithValue("due", due);
  }
  if (task.recurrence && due) todo.addPropertyWithValue("rrule", ICAL.Recur.fromString(task.recurrence.rule));
  const priority = icalPriority[task.priority];
  if (priority) todo.addPropertyWithValue("priority", priority);
  todo.addPropertyWithValue("status", task.completed ? "COMPLETED" : "NEEDS-ACTION");
  if (task.completed && task.completedAt) todo.addPropertyWithValue("completed", utc(task.completedAt));
  if (task.tags.length > 0) {
    const categories = new ICAL.Property("categories");
    categories.setValues(task.tags);
    todo.addProperty(categories);
  }
  for (const reminder of task.reminders) todo.addSubcomponent(alarm(reminder, task.title));
  return `${todo.toString()}\r\n`;
}
