import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { apiRateLimits } from "./schema/rate-limits";

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (only meaningful when refused). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters: one atomic upsert per request, so concurrent
 * requests on any number of processes count exactly once each.
 */
export function createRateLimiter(db: Database) {
  return {
    async consume(
      key: string,
      limit: number,
      windowMs: number,
      now = Date.now(),
    ): Promise<RateLimitDecision> {
      const windowStart = now - (now % windowMs);
      const [row] = await db
        .insert(apiRateLimits)
        .values({ key, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: apiRateLimits.key,
          set: {
            count: sql`case when ${apiRateLimits.windowStart} = excluded.window_start then ${apiRateLimits.count} + 1 else 1 end`,
            windowStart: sql`excluded.window_start`,
          },
        })
        .returning({ count: apiRateLimits.count });
      const count = row?.count ?? 1;
      return {
        allowed: count <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
      };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
