// Request counters, in the database rather than in memory, so that a limit
// holds across every process behind a load balancer. One shape for every
// service's counters (`createRateLimiter` takes the table); each service
// keeps its own table in its own migration set.
import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";

/** A table of fixed-window counters named `name`, with the index that finds ended windows. */
export function rateLimitTable(name: string) {
  return pgTable(
    name,
    {
      key: text("key").primaryKey(),
      /** Start of the current fixed window, in milliseconds since the epoch. */
      windowStart: bigint("window_start", { mode: "number" }).notNull(),
      count: integer("count").notNull(),
    },
    // Finds the counters of windows that have ended, which are purged.
    (t) => [index(`${name}_window_idx`).on(t.windowStart)],
  );
}

export type RateLimitTable = ReturnType<typeof rateLimitTable>;

/** The API's counters (tasks migration set). */
export const apiRateLimits = rateLimitTable("api_rate_limits");
