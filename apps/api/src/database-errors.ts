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

export function classifyDatabaseError(error: unknown): "invalid_value" | "unavailable" | undefined {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      // SQLSTATE 22xxx data exception, 23xxx integrity violation.
      if (/^2[23][0-9A-Z]{3}$/.test(code)) return "invalid_value";
      // 08 connection, 53 resources, 57P admin shutdown / cannot connect now,
      // 57014 statement cancelled (statement_timeout), 55P03 lock not available.
      if (/^(08|53)[0-9A-Z]{3}$|^57P0[1-3]$|^57014$|^55P03$/.test(code)) return "unavailable";
      if (unavailableNodeCodes.has(code)) return "unavailable";
    }
    const message = e instanceof Error ? e.message : "";
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|not queryable/i.test(
        message,
      )
    )
      return "unavailable";
  }
  return undefined;
}
