// The API's request counters. In the database, not in memory, so that a limit
// holds across every API process behind a load balancer.
import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";

export const apiRateLimits = pgTable(
  "api_rate_limits",
  {
    key: text("key").primaryKey(),
    /** Start of the current fixed window, in milliseconds since the epoch. */
    windowStart: bigint("window_start", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
  },
  // Finds the counters of windows that have ended, which are purged.
  (t) => [index("api_rate_limits_window_idx").on(t.windowStart)],
);
