import type { RateLimiter } from "@todo/db";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AuthVariables } from "./auth/require-user";
import { addressBucket, clientIp } from "./client-ip";
import { ProblemError, problemResponse } from "./problem";

const tooMany = (detail: string, retryAfterSeconds: number) =>
  new ProblemError(429, detail, { headers: { "Retry-After": String(retryAfterSeconds) } });

export interface PerUserLimitOptions {
  limiter: RateLimiter;
  /** Requests per user per minute. */
  perMinute: number;
}

/** Counts each verified caller's requests; mounted after requireUser, so the key is the token's `sub`. */
export function limitPerUser(options: PerUserLimitOptions) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const decision = await options.limiter.consume(`user:${c.var.user.id}`, options.perMinute, 60_000);
    if (!decision.allowed)
      throw tooMany(
        `More than ${options.perMinute} requests in a minute; slow down.`,
        decision.retryAfterSeconds,
      );
    await next();
  });
}

export interface FailedAuthLimitOptions {
  limiter: RateLimiter;
  /** Requests without a valid token per client address per minute. */
  perMinute: number;
  trustProxy: boolean;
}

/**
 * Mounted in front of requireUser: every request it refuses (401) counts
 * against the client's address, and past the limit the answer becomes 429.
 * Callers with valid tokens are never counted here, so one bad client
 * behind a shared address cannot lock its neighbours out.
 */
export function limitFailedAuthPerIp(options: FailedAuthLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status !== 401) return;
    const decision = await options.limiter.consume(
      `ip:${addressBucket(clientIp(c, options.trustProxy))}`,
      options.perMinute,
      60_000,
    );
    if (!decision.allowed)
      c.res = problemResponse(c, 429, "Too many requests without a valid token from this address.", {
        headers: { "Retry-After": String(decision.retryAfterSeconds) },
      });
  };
}
