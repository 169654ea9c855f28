// The owner's lists (SPEC §7). Like tasks, owned by the token's `sub`, with no
// foreign key to the auth tables, which belong to another service.
import { type ListColor, listColors } from "@todo/contract/vocabulary";
import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export { type ListColor, listColors };

const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const lists = pgTable(
  "lists",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id").notNull(),
    name: text("name").notNull(),
    // A closed vocabulary checked by the API's schema; text, so a new colour needs no migration.
    color: text("color").$type<ListColor>().notNull().default("grey"),
    position: integer("position").notNull().default(0),
    isInbox: boolean("is_inbox").notNull().default(false),
    archived: boolean("archived").notNull().default(false),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    // Names are unique per owner ignoring case: the database says so, not only the API.
    uniqueIndex("lists_owner_name_idx").on(t.ownerId, sql`lower(${t.name})`),
    // Exactly one Inbox per owner, even when two first requests race to make it.
    uniqueIndex("lists_owner_inbox_idx").on(t.ownerId).where(sql`${t.isInbox}`),
  ],
);

export type ListRow = typeof lists.$inferSelect;
