import type { RateLimiter } from "@todo/db";
import { createMiddleware } from "hono/factory";
import type { AuthVariables } from "./auth/require-user";
import { ProblemError } from "./problem";

export interface PerUserLimitOptions {
  limiter: RateLimiter;
  /** Requests per user per minute. */
  perMinute: number;
  /** Requests already counted once (a compatibility route's inner call). */
  isCounted: (request: Request) => boolean;
}

/** Counts each verified caller's requests; mounted after requireUser, so the key is the token's `sub`. */
export function limitPerUser(options: PerUserLimitOptions) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    if (!options.isCounted(c.req.raw)) {
      const decision = await options.limiter.consume(`user:${c.var.user.id}`, options.perMinute, 60_000);
      if (!decision.allowed)
        throw new ProblemError(429, `More than ${options.perMinute} requests in a minute; slow down.`, {
          headers: { "Retry-After": String(decision.retryAfterSeconds) },
        });
    }
    await next();
  });
}
