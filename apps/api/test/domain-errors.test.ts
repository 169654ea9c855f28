// The one table from errors to answers (src/domain-errors.ts): each domain
// error by its class, each database failure by its code, and message text
// only for the driver's few errors that have no code.
import { AccountDeleted, TaskLimitReached } from "@todo/db";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { answerFor } from "../src/domain-errors";
import { ProblemError } from "../src/problem";
import {
  IdempotencyKeyInUse,
  IdempotencyKeyReused,
  TaskNotFound,
  TaskVersionMismatch,
} from "../src/services/errors";

const coded = (code: string, message = "a database error") => Object.assign(new Error(message), { code });
/** As drizzle wraps a driver's error: the query and its values in the message, the error as its cause. */
const failedQuery = (cause: unknown, values = "") =>
  new Error(`Failed query: insert into "tasks" ("title") values ($1)\nparams: ${values}`, { cause });

describe("the error table", () => {
  it.each([
    ["TaskNotFound", new TaskNotFound(), 404],
    ["TaskVersionMismatch", new TaskVersionMismatch(), 412],
    ["TaskLimitReached", new TaskLimitReached(10_000), 422],
    ["IdempotencyKeyReused", new IdempotencyKeyReused(), 422],
    ["a SQLSTATE 22 data exception", failedQuery(coded("22001")), 422],
    ["a SQLSTATE 23 integrity violation", coded("23505"), 422],
    ["AccountDeleted", new AccountDeleted(), 401],
    ["IdempotencyKeyInUse", new IdempotencyKeyInUse(), 409],
    ["a cancelled statement (57014)", failedQuery(coded("57014")), 503],
    ["a refused connection", coded("ECONNREFUSED"), 503],
    ["pg's read timeout, which has no code", failedQuery(new Error("Query read timeout")), 503],
    ["a connection ended under a query", failedQuery(new Error("Connection terminated unexpectedly")), 503],
    ["a ProblemError", new ProblemError(403, "not yours"), 403],
    ["an HTTPException", new HTTPException(400), 400],
  ])("answers %s with %i", (_name, error, status) => {
    expect(answerFor(error)?.status).toBe(status);
  });

  it("says how to recover where the status alone does not", () => {
    expect(answerFor(new AccountDeleted())?.headers).toEqual({
      "WWW-Authenticate": 'Bearer error="invalid_token"',
    });
    expect(answerFor(new IdempotencyKeyInUse())?.headers).toEqual({ "Retry-After": "1" });
    expect(answerFor(coded("08006"))?.headers).toEqual({ "Retry-After": "5" });
    expect(answerFor(new IdempotencyKeyReused())?.errors).toEqual([
      { path: "Idempotency-Key", message: expect.any(String) },
    ]);
    expect(answerFor(new TaskLimitReached(10_000))?.detail).toContain("10,000");
  });

  it("never reads the text of an error that has a code, nor text quoted from a query", () => {
    // An unknown SQLSTATE is a bug (500), whatever its message says.
    expect(answerFor(coded("42P01", "Connection terminated"))).toBeUndefined();
    expect(answerFor(failedQuery(coded("42703"), "Query read timeout"))).toBeUndefined();
    // A task titled like a driver failure, in a query that failed for another reason.
    expect(answerFor(failedQuery(new Error("boom"), "Connection terminated"))).toBeUndefined();
    expect(answerFor(new Error("something else"))).toBeUndefined();
  });
});
