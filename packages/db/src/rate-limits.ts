import { inArray, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { apiRateLimits } from "./schema/rate-limits";

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (only meaningful when refused). */
  retryAfterSeconds: number;
}

/** Ended windows purged per new window: more than are opened, so the table shrinks back. */
const PURGE_BATCH = 100;

/**
 * Fixed-window counters: one atomic upsert per request, so concurrent
 * requests on any number of processes count exactly once each.
 */
export function createRateLimiter(db: Database) {
  /** Deletes up to PURGE_BATCH counters of windows that started before `before`, skipping rows in use. */
  async function purgeEndedWindows(before: number): Promise<number> {
    const ended = db
      .select({ key: apiRateLimits.key })
      .from(apiRateLimits)
      .where(lt(apiRateLimits.windowStart, before))
      .limit(PURGE_BATCH)
      .for("update", { skipLocked: true });
    const deleted = await db
      .delete(apiRateLimits)
      .where(inArray(apiRateLimits.key, ended))
      .returning({ key: apiRateLimits.key });
    return deleted.length;
  }

  return {
    purgeEndedWindows,

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
      // A key's first request in a window clears out a batch of ended
      // windows (every key uses this length): the table holds the keys of
      // the last two windows, without a scheduler, whatever the number of
      // addresses and users that ever called.
      if (count === 1) await purgeEndedWindows(windowStart - windowMs);
      return {
        allowed: count <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
      };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
