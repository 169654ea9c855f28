// The secret calendar feed URL (SPEC §10): only a hash of its token is kept,
// so the database alone cannot be used to read anyone's calendar.
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const calendarFeeds = pgTable("calendar_feeds", {
  ownerId: text("owner_id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
