// The only module that touches the `lists` table. Like tasks.ts, every
// function takes the owner's id first and puts it in the WHERE clause.
import { LISTS_PER_OWNER_MAX } from "@todo/contract/limits";
import { and, asc, count, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Database } from "./client";
import { lockOwnerWrites } from "./owner-lock";
import { type ListColor, type ListRow, lists } from "./schema/lists";

export type { ListRow };

/** A list with what the sidebar shows beside it. */
export type ListWithCount = ListRow & { openTaskCount: number };

export interface ListWritable {
  name: string;
  color: ListColor;
  position: number;
  archived: boolean;
}

/** A list written by a unit of work: what the change feed will record. */
export type ListChange = { kind: "created" | "updated"; list: ListRow } | { kind: "deleted"; listId: string };

/** Thrown when the owner already has a list of this name (ignoring case). */
export class ListNameTaken extends Error {
  constructor(readonly name: string) {
    super(`You already have a list named "${name}".`);
  }
}

/** Thrown when the owner already has the most lists one account may keep. */
export class ListLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`You already have ${limit} lists, the most one account can keep.`);
  }
}

const NAME_CLASH = "lists_owner_name_idx";

function isNameClash(error: unknown): boolean {
  // PostgreSQL's unique_violation names the index it hit (drizzle wraps it as `cause`).
  for (let e: unknown = error; e instanceof Error; e = e.cause)
    if ((e as { code?: string }).code === "23505" && (e as { constraint?: string }).constraint === NAME_CLASH)
      return true;
  return false;
}

const owned = (ownerId: string, id: string) => and(eq(lists.ownerId, ownerId), eq(lists.id, id));
// Spelled out: drizzle leaves column names unqualified in a one-table select, and both tables have `owner_id`.
const openCount = sql<number>`(select count(*)::int from tasks t where t.owner_id = "lists"."owner_id" and t.list_id = "lists"."id" and not t.completed)`;

export function createListRepository(
  db: Database,
  options: { onChange?: (change: ListChange) => void } = {},
) {
  const changed = options.onChange ?? (() => {});
  const wrote = (kind: "created" | "updated", row: ListRow) => {
    changed({ kind, list: row });
    return row;
  };

  /** Turns the unique index's refusal into ListNameTaken. */
  async function namedWrite<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (name !== undefined && isNameClash(error)) throw new ListNameTaken(name);
      throw error;
    }
  }

  return {
    /** Inbox first, then by position (ties by age). */
    async listListsForOwner(ownerId: string): Promise<ListWithCount[]> {
      return db
        .select({ ...getTableColumns(lists), openTaskCount: openCount })
        .from(lists)
        .where(eq(lists.ownerId, ownerId))
        .orderBy(desc(lists.isInbox), asc(lists.position), asc(lists.createdAt), asc(lists.id));
    },

    async getListForOwner(ownerId: string, id: string): Promise<ListWithCount | undefined> {
      const [row] = await db
        .select({ ...getTableColumns(lists), openTaskCount: openCount })
        .from(lists)
        .where(owned(ownerId, id));
      return row;
    },

    /** Whether `id` is one of the owner's lists (the same false for someone else's and for none). */
    async isListOfOwner(ownerId: string, id: string): Promise<boolean> {
      const rows = await db.select({ id: lists.id }).from(lists).where(owned(ownerId, id));
      return rows.length > 0;
    },

    /**
     * The owner's Inbox, made on first need. Two first requests racing to make
     * it meet at the unique index; the loser reads the winner's.
     */
    async ensureInboxForOwner(ownerId: string): Promise<string> {
      const existing = await db
        .select({ id: lists.id })
        .from(lists)
        .where(and(eq(lists.ownerId, ownerId), eq(lists.isInbox, true)));
      if (existing[0]) return existing[0].id;
      const [made] = await db
        .insert(lists)
        .values({ ownerId, name: "Inbox", isInbox: true, position: 0 })
        .onConflictDoNothing()
        .returning();
      if (made) return wrote("created", made).id;
      const [row] = await db
        .select({ id: lists.id })
        .from(lists)
        .where(and(eq(lists.ownerId, ownerId), eq(lists.isInbox, true)));
      if (!row) throw new Error("the Inbox was neither made nor found");
      return row.id;
    },

    /** Runs only inside runOwnerWrite (the owner's lock makes count-then-insert exact). */
    async createListForOwner(
      ownerId: string,
      input: Pick<ListWritable, "name" | "color"> & { position?: number | undefined },
    ): Promise<ListRow> {
      await lockOwnerWrites(db, ownerId, "createListForOwner");
      const [counted] = await db.select({ n: count() }).from(lists).where(eq(lists.ownerId, ownerId));
      if ((counted?.n ?? 0) >= LISTS_PER_OWNER_MAX) throw new ListLimitReached(LISTS_PER_OWNER_MAX);
      const position =
        input.position ??
        sql`(select coalesce(max(${lists.position}), 0) + 1 from ${lists} where ${lists.ownerId} = ${ownerId})`;
      const [row] = await namedWrite(input.name, () =>
        db.insert(lists).values({ ownerId, name: input.name, color: input.color, position }).returning(),
      );
      if (!row) throw new Error("insert returned no row");
      return wrote("created", row);
    },

    /** The list locked until the unit of work ends. */
    async getListForUpdateForOwner(ownerId: string, id: string): Promise<ListRow | undefined> {
      const [row] = await db.select().from(lists).where(owned(ownerId, id)).for("update");
      return row;
    },

    async updateListForOwner(ownerId: string, id: string, changes: Partial<ListWritable>): Promise<ListRow> {
      const picked: Partial<ListWritable> = {};
      for (const field of ["name", "color", "position", "archived"] as const)
        if (changes[field] !== undefined) Object.assign(picked, { [field]: changes[field] });
      const [row] = await namedWrite(changes.name, () =>
        db
          .update(lists)
          .set({ ...picked, updatedAt: sql`now()`, version: sql`${lists.version} + 1` })
          .where(owned(ownerId, id))
          .returning(),
      );
      if (!row) throw new Error("the list to update is gone");
      return wrote("updated", row);
    },

    async deleteListForOwner(ownerId: string, id: string): Promise<void> {
      await db.delete(lists).where(owned(ownerId, id));
      changed({ kind: "deleted", listId: id });
    },

    /** Erases every list the owner has (after their tasks): used when their account is deleted. */
    async deleteAllListsForOwner(ownerId: string): Promise<number> {
      const rows = await db.delete(lists).where(eq(lists.ownerId, ownerId)).returning({ id: lists.id });
      for (const { id } of rows) changed({ kind: "deleted", listId: id });
      return rows.length;
    },
  };
}

export type ListRepository = ReturnType<typeof createListRepository>;
