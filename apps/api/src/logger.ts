// Structured JSON logs (pino), one line per request with its request id.
// What is logged is chosen field by field: never headers, bodies or query
// strings, so tokens, cookies and passwords cannot end up in a log.
import type { MiddlewareHandler } from "hono";
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

export function createLogger(destination?: DestinationStream, level = "info"): Logger {
  return pino(
    { level, base: { service: "api" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? asyncStdout(),
  );
}

/**
 * Stdout written asynchronously: a synchronous write per request cost 15-20 %
 * of the API's CPU under load (docs/PERFORMANCE.md). What is still buffered
 * when the process exits is flushed then.
 */
function asyncStdout(): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: false });
  process.once("exit", () => {
    try {
      stdout.flushSync();
    } catch {
      // Not open yet: nothing was written.
    }
  });
  return stdout;
}

export const silentLogger: Logger = pino({ level: "silent" });

export type LogVariables = { requestId: string; user?: { id: string } };

/**
 * A path as it may be logged: a calendar feed's address is its credential
 * (SPEC §10), so `/calendar/<token>.ics` is written `/calendar/[redacted]`.
 */
export function redactPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: judged as it is.
  }
  // Also "//calendar/…" or "/CALENDAR/…": any spelling a client may try.
  return /^\/*calendar(?:\/|$)/i.test(decoded) ? "/calendar/[redacted]" : path;
}

/** Mounted after hono/request-id: one line per request, written once the answer is known. */
export function requestLogger(logger: Logger): MiddlewareHandler<{ Variables: LogVariables }> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // One object per line, no child logger per request: both cost measurable CPU under load.
    logger.info(
      {
        requestId: c.var.requestId,
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        userId: c.var.user?.id,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  };
}
