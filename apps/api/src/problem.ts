// RFC 9457 problem details: the one shape every error takes on its way out.
// Which error gets which status is decided in one place, ./domain-errors.ts.
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

/** An answer already decided by the HTTP layer (a bad header, a path that is not yours…); thrown anywhere in a request. */
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
