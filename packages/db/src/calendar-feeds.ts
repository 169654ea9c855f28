// The only module that touches `calendar_feeds` (SPEC §10): one secret feed
// per owner, kept as a SHA-256 of its token, never the token. Owner first,
// like the rest; the one exception is the lookup by hash, which is how a
// calendar app (holding only the URL) is told whose feed it asked for.
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { calendarFeeds } from "./schema/calendar-feeds";

export function createCalendarFeedStore(db: Database) {
  return {
    /** Makes the owner's feed, or replaces its token: the old URL stops working at once. */
    async setFeedForOwner(ownerId: string, tokenHash: string): Promise<void> {
      await db
        .insert(calendarFeeds)
        .values({ ownerId, tokenHash })
        .onConflictDoUpdate({ target: calendarFeeds.ownerId, set: { tokenHash, createdAt: sql`now()` } });
    },

    /** Whether there was a feed to revoke. */
    async deleteFeedForOwner(ownerId: string): Promise<boolean> {
      const rows = await db
        .delete(calendarFeeds)
        .where(eq(calendarFeeds.ownerId, ownerId))
        .returning({ ownerId: calendarFeeds.ownerId });
      return rows.length > 0;
    },

    /** When the owner's current feed URL was made; undefined when they have none. */
    async getFeedCreatedAtForOwner(ownerId: string): Promise<Date | undefined> {
      const [row] = await db
        .select({ createdAt: calendarFeeds.createdAt })
        .from(calendarFeeds)
        .where(eq(calendarFeeds.ownerId, ownerId));
      return row?.createdAt;
    },

    /** Whose feed this token hash opens; undefined for an unknown or revoked one. */
    async findOwnerByTokenHash(tokenHash: string): Promise<string | undefined> {
      const [row] = await db
        .select({ ownerId: calendarFeeds.ownerId })
        .from(calendarFeeds)
        .where(eq(calendarFeeds.tokenHash, tokenHash));
      return row?.ownerId;
    },
  };
}

export type CalendarFeedStore = ReturnType<typeof createCalendarFeedStore>;
