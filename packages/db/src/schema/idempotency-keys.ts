// Responses to `POST /api/tasks` that carried an `Idempotency-Key`, so that a
// retry gets the first answer instead of a second task. Keys are per owner:
// two people may pick the same key without seeing each other's responses.
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    ownerId: text("owner_id").notNull(),
    key: text("key").notNull(),
    /** Hash of the method, path and body: the same key with another body is refused, never replayed. */
    fingerprint: text("fingerprint").notNull(),
    status: integer("status").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.key] }),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
    // The owner's newest keys first: everything past the per-owner cap is evicted.
    index("idempotency_keys_owner_created_idx").on(t.ownerId, t.createdAt),
  ],
);
