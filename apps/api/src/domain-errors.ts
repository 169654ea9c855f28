// The one table from what went wrong to what the client is told. Services and
// repositories throw their own errors, with no HTTP in them; routes do not
// catch them; the app's error handler looks them up here. Errors are known by
// their class, or by their code for the database's: never by their text where
// a code exists (see ./database-errors.ts for the few that have none).
import {
  AccountDeleted,
  ListLimitReached,
  ListNameTaken,
  PushSubscriptionLimitReached,
  TaskLimitReached,
} from "@todo/db";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { classifyDatabaseError, type DatabaseFailure } from "./database-errors";
import { IDEMPOTENCY_HEADER } from "./idempotency";
import { type FieldError, ProblemError } from "./problem";
import {
  CalendarFeedNotFound,
  EmailAddressUnknown,
  IdempotencyKeyInUse,
  IdempotencyKeyReused,
  ImportRefused,
  InboxIsFixed,
  ListNotFound,
  ListNotUsable,
  ListVersionMismatch,
  PushEndpointRefused,
  PushUnavailable,
  QuickAddRefused,
  RecurrenceRefused,
  ReminderRefused,
  TaskNotFound,
  TaskVersionMismatch,
} from "./services/errors";

export interface Answer {
  status: ContentfulStatusCode;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: a constructor of any arguments
type ErrorClass<E> = abstract new (...args: any[]) => E;
type Entry = readonly [ErrorClass<Error>, (error: never) => Answer];
const entry = <E extends Error>(type: ErrorClass<E>, answer: (error: E) => Answer): Entry => [type, answer];

const table: readonly Entry[] = [
  // Already an answer: thrown by the HTTP layer itself (validation, 403, 415…).
  entry(ProblemError, (e) => ({ status: e.status, detail: e.detail, ...e.extra })),
  entry(HTTPException, (e) => ({
    status: e.status,
    detail: e.status === 400 ? "The request body is not valid JSON." : e.message,
  })),
  entry(TaskNotFound, () => ({ status: 404, detail: "No task with this id." })),
  entry(TaskVersionMismatch, () => ({
    status: 412,
    detail: "The task has changed since you read it (If-Match does not match its version).",
  })),
  entry(TaskLimitReached, (e) => ({ status: 422, detail: e.message })),
  entry(ListNotFound, () => ({ status: 404, detail: "No list with this id." })),
  entry(ListVersionMismatch, () => ({
    status: 412,
    detail: "The list has changed since you read it (If-Match does not match its version).",
  })),
  entry(ListNameTaken, (e) => ({
    status: 409,
    detail: e.message,
    errors: [{ path: "name", message: "is taken" }],
  })),
  entry(ListLimitReached, (e) => ({ status: 422, detail: e.message })),
  entry(InboxIsFixed, (e) => ({
    status: 422,
    detail: e.message,
    ...(e.field !== "delete" && { errors: [{ path: e.field, message: "cannot change on the Inbox" }] }),
  })),
  entry(ListNotUsable, (e) => ({
    status: 422,
    detail: e.message,
    errors: [{ path: "listId", message: "is not one of your lists" }],
  })),
  entry(RecurrenceRefused, (e) => ({
    status: 422,
    detail: e.message,
    errors: [{ path: e.path, message: e.message }],
  })),
  entry(PushEndpointRefused, (e) => ({
    status: 422,
    detail: e.message,
    errors: [{ path: e.path, message: e.reason }],
  })),
  entry(PushSubscriptionLimitReached, (e) => ({ status: 422, detail: e.message })),
  entry(PushUnavailable, (e) => ({ status: 503, detail: e.message })),
  entry(EmailAddressUnknown, (e) => ({
    status: 422,
    detail: e.message,
    errors: [{ path: "emailReminders", message: "needs an email address on your account" }],
  })),
  entry(ReminderRefused, (e) => ({
    status: 422,
    detail: e.message,
    errors: [{ path: "reminders", message: "a reminder before the due needs a due with a time" }],
  })),
  entry(QuickAddRefused, (e) => ({
    status: 422,
    detail: e.message,
    errors: [{ path: "quickAdd", message: e.reason }],
  })),
  // The token outlived the account it was issued for.
  entry(AccountDeleted, (e) => ({
    status: 401,
    detail: e.message,
    headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
  })),
  entry(IdempotencyKeyInUse, () => ({
    status: 409,
    detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
    headers: { "Retry-After": "1" },
  })),
  entry(IdempotencyKeyReused, () => ({
    status: 422,
    detail: "This Idempotency-Key was already used for a different request.",
    errors: [{ path: IDEMPOTENCY_HEADER, message: "was already used with another request body" }],
  })),
  // Each problem keeps its CSV line beside the `path` every problem has.
  entry(ImportRefused, (e) => ({
    status: 422,
    detail: e.message,
    errors: e.problems.map(({ line, path, message }) =>
      Object.assign({ path: path ?? (line === null ? "" : `line ${line}`), message }, { line }),
    ),
  })),
  entry(CalendarFeedNotFound, (e) => ({ status: 404, detail: e.message })),
];

const database: Record<DatabaseFailure, Answer> = {
  invalid_value: { status: 422, detail: "A value was refused by the database." },
  unavailable: {
    status: 503,
    detail: "The database is unavailable; try again shortly.",
    headers: { "Retry-After": "5" },
  },
};

/** The answer for a known error; undefined for anything else (a bug: 500, and logged). */
export function answerFor(error: unknown): Answer | undefined {
  for (const [type, answer] of table)
    if (error instanceof type) return (answer as (error: unknown) => Answer)(error);
  const failure = classifyDatabaseError(error);
  return failure && database[failure];
}
