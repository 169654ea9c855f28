// Web Push subscriptions (SPEC §9): where to send an owner's reminders.
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id").notNull(),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("push_subscriptions_owner_endpoint_idx").on(t.ownerId, t.endpoint),
    index("push_subscriptions_owner_idx").on(t.ownerId),
  ],
);

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
