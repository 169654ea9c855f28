// `Idempotency-Key` on a create: a client that did not hear the answer (a
// dropped connection, a double click, a retry after 503) sends the same
// request again with the same key and gets the first answer, not a second
// task. The key is claimed, the route runs and its response is stored in ONE
// transaction, so a task never exists without its stored response or the
// other way round, whatever crashes when. Keys are per user and kept 24 h.
import { createHash } from "node:crypto";
import { createIdempotencyKeyStore, type StoredResponse, type TransactionScope } from "@todo/db";
import { createMiddleware } from "hono/factory";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AuthVariables } from "./auth/require-user";
import { ProblemError } from "./problem";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
const DAY_SECONDS = 24 * 60 * 60;
/** Expired keys deleted per stored key: enough to keep up, small enough to cost nothing. */
const PURGE_BATCH = 100;
// Printable ASCII; HTTP has already trimmed surrounding spaces.
const validKey = /^[\x20-\x7e]{1,255}$/;
/** What a replay repeats besides status and body; the rest (Cache-Control, CORS…) is added afresh. */
const replayedHeaders = ["content-type", "location", "etag"];

export interface IdempotencyOptions {
  scope: TransactionScope;
  /** How long a key is remembered (default 24 h). */
  ttlSeconds?: number;
}

/** Leaves the transaction without storing anything; the route's own response stands. */
class NothingToKeep extends Error {}

const stillRunning = () =>
  new ProblemError(409, "A request with this Idempotency-Key is still being processed; retry shortly.", {
    headers: { "Retry-After": "1" },
  });

/** Mount on the create route, after authentication and the body checks; other methods pass through. */
export function idempotentCreate(options: IdempotencyOptions) {
  const ttlSeconds = options.ttlSeconds ?? DAY_SECONDS;
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!validKey.test(key))
      throw new ProblemError(422, "The Idempotency-Key header must be 1 to 255 printable ASCII characters.", {
        errors: [{ path: IDEMPOTENCY_HEADER, message: "must be 1 to 255 printable ASCII characters" }],
      });

    const ownerId = c.var.user.id;
    // Only task creation is idempotent, by either of its paths: the body alone tells requests apart.
    const fingerprint = createHash("sha256")
      .update("POST /api/tasks\n")
      .update(await c.req.text())
      .digest("base64url");

    let replay: StoredResponse | undefined;
    try {
      await options.scope.run(async (tx) => {
        const keys = createIdempotencyKeyStore(tx);
        if (!(await keys.tryLockKeyForOwner(ownerId, key))) throw stillRunning();
        const earlier = await keys.findKeyForOwner(ownerId, key);
        if (earlier) {
          if (earlier.fingerprint !== fingerprint)
            throw new ProblemError(422, "This Idempotency-Key was already used for a different request.", {
              errors: [{ path: IDEMPOTENCY_HEADER, message: "was already used with another request body" }],
            });
          replay = earlier;
          return;
        }

        await next();
        // Only successes are remembered: a refused request created nothing,
        // and its retry deserves a fresh look (the database may be back).
        if (c.error || c.res.status < 200 || c.res.status > 299) throw new NothingToKeep();
        const headers: Record<string, string> = {};
        for (const name of replayedHeaders) {
          const value = c.res.headers.get(name);
          if (value !== null) headers[name] = value;
        }
        const stored = { status: c.res.status, headers, body: await c.res.clone().text() };
        if (!(await keys.saveKeyForOwner(ownerId, key, { fingerprint, ...stored }, ttlSeconds)))
          throw stillRunning();
        await keys.purgeExpiredKeys(PURGE_BATCH);
      });
    } catch (error) {
      if (!(error instanceof NothingToKeep)) throw error;
    }

    if (replay)
      return c.body(replay.body, replay.status as ContentfulStatusCode, {
        ...replay.headers,
        "Idempotent-Replayed": "true",
      });
  });
}
