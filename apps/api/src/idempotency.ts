// `Idempotency-Key` on a create: a client that did not hear the answer (a
// dropped connection, a double click, a retry after 503) sends the same
// request again with the same key and gets the first answer, not a second
// task. This module reads the key from the request; the task service's
// createTaskOnce claims it, makes the task and stores its answer in one unit
// of work, or finds that answer and gives it again. Keys are per user and
// kept 24 h.
import { createHash } from "node:crypto";
import type { Context } from "hono";
import { ProblemError } from "./problem";
import type { IdempotentCreate } from "./services/tasks";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
// Printable ASCII; HTTP has already trimmed surrounding spaces.
const validKey = /^[\x20-\x7e]{1,255}$/;

/** The request's Idempotency-Key and body fingerprint; undefined without the header, 422 for a bad key. */
export async function idempotentCreate(c: Context): Promise<IdempotentCreate | undefined> {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!validKey.test(key))
    throw new ProblemError(422, "The Idempotency-Key header must be 1 to 255 printable ASCII characters.", {
      errors: [{ path: IDEMPOTENCY_HEADER, message: "must be 1 to 255 printable ASCII characters" }],
    });
  // Only task creation is idempotent, by either of its paths: the body alone
  // (as sent, byte for byte) tells requests apart.
  const fingerprint = createHash("sha256")
    .update("POST /api/tasks\n")
    .update(await c.req.text())
    .digest("base64url");
  return { key, fingerprint };
}
