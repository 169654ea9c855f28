// Due dates: stored by the API as instants, shown and edited in the
// browser's own time zone and language (Intl, built into the browser, so no
// date library in the bundle).

export function isOverdue(dueAt: string | null, completed: boolean, now: number): boolean {
  return dueAt !== null && !completed && Date.parse(dueAt) < now;
}

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** "Today 14:30", "Tomorrow 09:00", "Fri 7 Mar 18:00", "7 Mar 2027 18:00". */
export function formatDue(dueAt: string, now: number, locale?: string): string {
  const due = new Date(dueAt);
  const time = due.toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" });
  const days = Math.round((startOfDay(due.getTime()) - startOfDay(now)) / 86_400_000);
  if (days === 0) return `Today ${time}`;
  if (days === 1) return `Tomorrow ${time}`;
  if (days === -1) return `Yesterday ${time}`;
  const sameYear = due.getFullYear() === new Date(now).getFullYear();
  const date = due.toLocaleDateString(locale, {
    weekday: Math.abs(days) < 7 ? "short" : undefined,
    day: "numeric",
    month: "short",
    year: sameYear ? undefined : "numeric",
  });
  return `${date} ${time}`;
}

/** The value of an `<input type="datetime-local">` for an instant, in local time. */
export function toLocalInput(dueAt: string | null): string {
  if (!dueAt) return "";
  const date = new Date(dueAt);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant an `<input type="datetime-local">` value names, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
