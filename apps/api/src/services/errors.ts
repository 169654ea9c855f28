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
