// RFC 9457 problem details: the one shape every error takes on its way out.
import type { WriteOutcome } from "@todo/db";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Thrown anywhere in a request; the app's error handler turns it into the response. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body: Problem = { type: "about:blank", title: titles[status] ?? "Error", status, detail };
  if (extra.errors) body.errors = extra.errors;
  return c.body(JSON.stringify(body), status, {
    ...extra.headers,
    "Content-Type": "application/problem+json",
  });
}

export const notFound = () => new ProblemError(404, "No task with this id.");
export const preconditionFailed = () =>
  new ProblemError(412, "The task has changed since you read it (If-Match does not match its version).");

/** The written value, or the answer for a write that did not happen: 404 (missing or not yours) or 412 (stale If-Match). */
export function written<T>(outcome: WriteOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw outcome.reason === "not_found" ? notFound() : preconditionFailed();
}
