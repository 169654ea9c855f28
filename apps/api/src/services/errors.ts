// What the services refuse, as errors. They carry no HTTP: the one table in
// ../domain-errors.ts says what each one is answered with.
import type { WriteOutcome } from "@todo/db";

/** No task with this id, or not the caller's: the same error, so ids cannot be probed. */
export class TaskNotFound extends Error {
  constructor() {
    super("No task with this id.");
  }
}

/** The task is no longer at the version the write expected (a stale If-Match). */
export class TaskVersionMismatch extends Error {
  constructor() {
    super("The task has changed since the version the write expected.");
  }
}

/** Another request with the same Idempotency-Key holds it: that one is still running. */
export class IdempotencyKeyInUse extends Error {
  constructor() {
    super("A request with this Idempotency-Key is still being processed.");
  }
}

/** The Idempotency-Key was already used, with another request body. */
export class IdempotencyKeyReused extends Error {
  constructor() {
    super("This Idempotency-Key was already used for a different request.");
  }
}

/** The written value; TaskNotFound or TaskVersionMismatch for a write that did not happen. */
export function written<T>(outcome: WriteOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw outcome.reason === "not_found" ? new TaskNotFound() : new TaskVersionMismatch();
}

/** No list with this id, or not the caller's: the same error, so ids cannot be probed. */
export class ListNotFound extends Error {
  constructor() {
    super("No list with this id.");
  }
}

/** The list is no longer at the version the write expected (a stale If-Match). */
export class ListVersionMismatch extends Error {
  constructor() {
    super("The list has changed since the version the write expected.");
  }
}

/** The Inbox is where tasks go by default: it cannot be renamed, archived or deleted. */
export class InboxIsFixed extends Error {
  constructor(readonly field: "name" | "archived" | "delete") {
    super(
      field === "delete"
        ? "The Inbox cannot be deleted."
        : `The Inbox cannot be ${field === "name" ? "renamed" : "archived"}.`,
    );
  }
}

/** A task's `listId` that is not one of the caller's lists (the same for someone else's and for none). */
export class ListNotUsable extends Error {
  constructor() {
    super("listId is not one of your lists.");
  }
}

/** A rule outside the supported RRULE subset, or a recurrence without a due. */
export class RecurrenceRefused extends Error {
  constructor(
    readonly path: "recurrence" | "recurrence.rule",
    message: string,
  ) {
    super(message);
  }
}

/** A reminder the task cannot have: minutes before a due that has no time. */
export class ReminderRefused extends Error {}

/** Quick-add text that cannot make a task: no title left, or more tags than a task may carry. */
export class QuickAddRefused extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** A push endpoint the server will not call: not https, or a literal address that is not public (SPEC §9). */
export class PushEndpointRefused extends Error {
  constructor(
    readonly path: "endpoint" | "keys.p256dh",
    readonly reason: string,
  ) {
    super(`The push ${path === "endpoint" ? "endpoint" : "key"} ${reason}.`);
  }
}

/** This server has no VAPID key pair, so it sends no Web Push. */
export class PushUnavailable extends Error {
  constructor() {
    super(
      "Web Push is not configured on this server: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT.",
    );
  }
}

/** Email reminders need an address, and the caller's token carries none. */
export class EmailAddressUnknown extends Error {
  constructor() {
    super("Your sign-in token carries no email address, so reminders cannot be emailed.");
  }
}

/** One problem in an imported file: its CSV line (1 = the header), or where in a JSON document. */
export interface ImportProblem {
  line: number | null;
  path?: string;
  message: string;
}

/**
 * An import that cannot go ahead (SPEC §10): a file that is not a Todoist
 * CSV, one over the task cap, a task that cannot be made. Nothing was
 * imported. `unreadable`: the bytes are not text or not the format at all.
 */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly problems: readonly ImportProblem[] = [],
  ) {
    super(message);
  }
}

/** An unknown or revoked calendar feed token: the same answer for both. */
export class CalendarFeedNotFound extends Error {
  constructor() {
    super("No calendar feed at this address.");
  }
}
