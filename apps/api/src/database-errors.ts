// Which database failures are the client's (a value PostgreSQL refuses) and
// which are ours to retry (the database is away). Neither leaks SQL.

const unavailableNodeCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

function* causes(error: unknown): Generator<unknown> {
  for (let e = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) yield e;
}

// pg and pg-pool (8.x) raise these as plain `Error`s, with no code and no
// class of their own (pg/lib/client.js, pg-pool/index.js): their text is all
// there is to know them by. Only an error without a code is ever matched, and
// only from the start of its message, so no SQL or value quoted in a
// wrapper's message (drizzle's "Failed query: …") can match.
const codelessDriverFailures =
  /^(?:Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout)/;

export type DatabaseFailure = "invalid_value" | "unavailable";

export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      // SQLSTATE 22xxx data exception, 23xxx integrity violation.
      if (/^2[23][0-9A-Z]{3}$/.test(code)) return "invalid_value";
      // 08 connection, 53 resources, 57P admin shutdown / cannot connect now,
      // 57014 statement cancelled (statement_timeout), 55P03 lock not available.
      if (/^(08|53)[0-9A-Z]{3}$|^57P0[1-3]$|^57014$|^55P03$/.test(code)) return "unavailable";
      if (unavailableNodeCodes.has(code)) return "unavailable";
    } else if (e instanceof Error && codelessDriverFailures.test(e.message)) return "unavailable";
  }
  return undefined;
}
