// Structured JSON logs (pino), one line per request with its request id.
// What is logged is chosen field by field: never headers, bodies or query
// strings, so tokens, cookies and passwords cannot end up in a log.
import type { MiddlewareHandler } from "hono";
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

export function createLogger(destination?: DestinationStream, level = "info"): Logger {
  return pino({ level, base: { service: "api" }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

export const silentLogger: Logger = pino({ level: "silent" });

export type LogVariables = { requestId: string; log: Logger; user?: { id: string } };

/** Mounted after hono/request-id: gives each request a child logger and logs its outcome. */
export function requestLogger(logger: Logger): MiddlewareHandler<{ Variables: LogVariables }> {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.var.requestId });
    c.set("log", log);
    await next();
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        userId: c.var.user?.id,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  };
}
