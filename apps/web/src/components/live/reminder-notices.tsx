"use client";

import type { ReminderEvent } from "@/lib/live-events";
import { localParts } from "@/lib/zoned-dates";
import styles from "./live-notices.module.css";

/** Reminders that fired while the page is open, until dismissed; a polite live region, not an alert. */
export function ReminderNotices({
  reminders,
  notice,
  timeZone,
  onDismiss,
  onDismissNotice,
}: {
  reminders: ReminderEvent[];
  notice: string | null;
  timeZone: string;
  onDismiss: (reminder: ReminderEvent) => void;
  onDismissNotice: () => void;
}) {
  return (
    <section className={styles.notices} role="status" aria-label="Reminders">
      {reminders.map((reminder) => (
        // `reminder-notice`: a stable hook for the browser tests.
        <div key={`${reminder.taskId}-${reminder.remindAt}`} className={`reminder-notice ${styles.notice}`}>
          <p>
            <strong>Reminder:</strong> {reminder.title}
            {reminder.dueAt && (
              <>
                {" "}
                (due{" "}
                <time dateTime={reminder.dueAt}>
                  {localParts(reminder.dueAt, timeZone).date} {localParts(reminder.dueAt, timeZone).time}
                </time>
                )
              </>
            )}
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={() => onDismiss(reminder)}
            aria-label={`Dismiss the reminder for “${reminder.title}”`}
          >
            Dismiss
          </button>
        </div>
      ))}
      {notice && (
        <div className={styles.notice}>
          <p>{notice}</p>
          <button type="button" className="button button-small" onClick={onDismissNotice}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
