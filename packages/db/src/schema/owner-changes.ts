// The change feed (SPEC §9): every write to an owner's data appends a row
// here, in the same transaction, numbered by a per-owner sequence. Streams
// replay from it after a reconnect; old rows are pruned.
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const ownerChanges = pgTable(
  "owner_changes",
  {
    ownerId: text("owner_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** What changed: "task", "list" or "reminder". */
    entity: text("entity").$type<"task" | "list" | "reminder">().notNull(),
    entityId: text("entity_id").notNull(),
    op: text("op").$type<"upsert" | "delete" | "fire">().notNull(),
    /** A reminder's details; tasks and lists are read as they are when sent. */
    payload: jsonb("payload"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.seq] }), index("owner_changes_created_idx").on(t.createdAt)],
);

// One row per owner holding the last number handed out. Taking the next one
// locks the row until commit, so an owner's changes commit in sequence order:
// a reader that has seen N never later finds a committed N-1 it skipped.
export const ownerSequences = pgTable("owner_sequences", {
  ownerId: text("owner_id").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
});

export type OwnerChangeRow = typeof ownerChanges.$inferSelect;
