import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { apiRateLimits, type RateLimitTable } from "./schema/rate-limits";

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (only meaningful when refused). */
  retryAfterSeconds: number;
  /** Start of the window counted in, in ms since the epoch: what `giveBack` needs. */
  windowStart: number;
}

/** Ended windows purged per new window: more than are opened, so the table shrinks back. */
const PURGE_BATCH = 100;

/**
 * Fixed-window counters: one atomic upsert per request, so concurrent
 * requests on any number of processes count exactly once each.
 *
 * `table` is the service's own counter table (`apiRateLimits` in the tasks
 * migration set, `authRateLimits` in the auth set). Every key in one table
 * should use the same window length: a key's first request in a window
 * purges the counters of windows that ended before the previous one.
 */
export function createRateLimiter(db: Database, table: RateLimitTable = apiRateLimits) {
  /** Deletes up to PURGE_BATCH counters of windows that started before `before`, skipping rows in use. */
  async function purgeEndedWindows(before: number): Promise<number> {
    const ended = db
      .select({ key: table.key })
      .from(table)
      .where(lt(table.windowStart, before))
      .limit(PURGE_BATCH)
      .for("update", { skipLocked: true });
    const deleted = await db.delete(table).where(inArray(table.key, ended)).returning({ key: table.key });
    return deleted.length;
  }

  /**
   * Adds one to `key`'s count in the window starting at `windowStart`; a
   * counter of another window starts again from one. With `limit`, a counter
   * that already holds `limit` in this window is left as it is, and the
   * result is undefined. Returns the new count.
   */
  async function increment(key: string, windowStart: number, limit?: number): Promise<number | undefined> {
    const [row] = await db
      .insert(table)
      .values({ key, windowStart, count: 1 })
      .onConflictDoUpdate({
        target: table.key,
        set: {
          count: sql`case when ${table.windowStart} = excluded.window_start then ${table.count} + 1 else 1 end`,
          windowStart: sql`excluded.window_start`,
        },
        ...(limit === undefined
          ? {}
          : { setWhere: sql`${table.windowStart} <> excluded.window_start or ${table.count} < ${limit}` }),
      })
      .returning({ count: table.count });
    return row?.count;
  }

  async function purgeIfFirst(count: number | undefined, windowStart: number, windowMs: number) {
    // A key's first request in a window clears out a batch of ended windows:
    // the table holds the keys of the last two windows, without a scheduler,
    // whatever the number of addresses and users that ever called.
    if (count === 1) await purgeEndedWindows(windowStart - windowMs);
  }

  const decision = (allowed: boolean, windowStart: number, windowMs: number, now: number) => ({
    allowed,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
    windowStart,
  });

  return {
    purgeEndedWindows,

    /** Counts every request, refused or not: past `limit`, each one is refused. */
    async consume(
      key: string,
      limit: number,
      windowMs: number,
      now = Date.now(),
    ): Promise<RateLimitDecision> {
      const windowStart = now - (now % windowMs);
      const count = (await increment(key, windowStart)) ?? 1;
      await purgeIfFirst(count, windowStart, windowMs);
      return decision(count <= limit, windowStart, windowMs, now);
    },

    /**
     * Counts one only while the window holds fewer than `limit`, in the same
     * single statement: concurrent takes never overshoot, and a refused take
     * is not counted. Pair it with `giveBack` to count only some outcomes
     * (take before the attempt, give back the ones that should not count).
     */
    async take(key: string, limit: number, windowMs: number, now = Date.now()): Promise<RateLimitDecision> {
      const windowStart = now - (now % windowMs);
      const count = await increment(key, windowStart, limit);
      await purgeIfFirst(count, windowStart, windowMs);
      return decision(count !== undefined, windowStart, windowMs, now);
    },

    /**
     * Undoes one counted request of the window that started at `windowStart`;
     * nothing once that window has ended (the next one started from zero).
     */
    async giveBack(key: string, windowStart: number): Promise<void> {
      await db
        .update(table)
        .set({ count: sql`${table.count} - 1` })
        .where(and(eq(table.key, key), eq(table.windowStart, windowStart), gt(table.count, 0)));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
