// The change feed (SPEC §9; docs/decisions/0012-change-feed.md). Every unit
// of work appends what it wrote, numbered by the owner's own sequence, in its
// own transaction (runOwnerWrite); streams read it back by number. The only
// module that touches `owner_changes` and `owner_sequences`.
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type OwnerChangeRow, ownerChanges, ownerSequences } from "./schema/owner-changes";

export type { OwnerChangeRow };

/** One entry to append: what changed, and how. */
export interface FeedEntry {
  entity: "task" | "list" | "reminder";
  entityId: string;
  op: "upsert" | "delete" | "fire";
  payload?: unknown;
}

/** How many changes are kept per owner; a client further behind is told to reload (`reset`). */
export const CHANGES_KEPT_PER_OWNER = 1_000;
/** Pruning runs when a write crosses a multiple of this, so it costs one DELETE per this many changes. */
const PRUNE_EVERY = 100;

const INSERT_SLICE = 1_000;

/** The PostgreSQL channel a commit with changes notifies; its payload is the owner's id. */
export const CHANGES_CHANNEL = "todo_changes";

/**
 * Appends `entries` for `ownerId` inside the caller's transaction. Taking the
 * numbers locks the owner's sequence row until commit: an owner's changes
 * commit in the order of their numbers, so a reader that has seen N can never
 * later find a smaller number committed (a global serial could not promise it).
 * On PostgreSQL, NOTIFY is sent at commit, to every API process.
 */
export function appendToChangeFeed(
  tx: Database,
  kind: "pglite" | "postgres",
  ownerId: string,
  entries: readonly FeedEntry[],
): Promise<void> {
  return appendToChangeFeeds(tx, kind, new Map([[ownerId, entries]]));
}

/**
 * `appendToChangeFeed` for several owners in a handful of statements, not a
 * handful per owner: the reminder scheduler fires hundreds of owners'
 * reminders in one transaction. The owners' sequence rows are taken in the
 * order of their ids, so two such transactions cannot deadlock.
 */
export async function appendToChangeFeeds(
  tx: Database,
  kind: "pglite" | "postgres",
  entriesByOwner: ReadonlyMap<string, readonly FeedEntry[]>,
): Promise<void> {
  const owners = [...entriesByOwner]
    .filter(([, entries]) => entries.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (owners.length === 0) return;
  const advanced = await tx
    .insert(ownerSequences)
    .values(owners.map(([ownerId, entries]) => ({ ownerId, lastSeq: entries.length })))
    .onConflictDoUpdate({
      target: ownerSequences.ownerId,
      set: { lastSeq: sql`${ownerSequences.lastSeq} + excluded.last_seq` },
    })
    .returning({ ownerId: ownerSequences.ownerId, lastSeq: ownerSequences.lastSeq });
  const lastSeqOf = new Map(advanced.map((row) => [row.ownerId, row.lastSeq]));
  const rows: (typeof ownerChanges.$inferInsert)[] = [];
  const toPrune: { ownerId: string; lastSeq: number }[] = [];
  for (const [ownerId, entries] of owners) {
    const lastSeq = lastSeqOf.get(ownerId);
    if (lastSeq === undefined) throw new Error("the owner's sequence was not advanced");
    const first = lastSeq - entries.length + 1;
    for (const [i, entry] of entries.entries())
      rows.push({
        ownerId,
        seq: first + i,
        entity: entry.entity,
        entityId: entry.entityId,
        op: entry.op,
        payload: entry.payload ?? null,
      });
    if (Math.floor(lastSeq / PRUNE_EVERY) !== Math.floor((first - 1) / PRUNE_EVERY))
      toPrune.push({ ownerId, lastSeq });
  }
  // In slices: one statement may carry at most 65,535 parameters, and an import writes thousands of changes.
  for (let start = 0; start < rows.length; start += INSERT_SLICE)
    await tx.insert(ownerChanges).values(rows.slice(start, start + INSERT_SLICE));
  for (const { ownerId, lastSeq } of toPrune)
    await tx
      .delete(ownerChanges)
      .where(and(eq(ownerChanges.ownerId, ownerId), lte(ownerChanges.seq, lastSeq - CHANGES_KEPT_PER_OWNER)));
  if (kind === "postgres")
    await tx.execute(
      sql`select pg_notify(${CHANGES_CHANNEL}, owner_id) from unnest(array[${sql.join(
        owners.map(([ownerId]) => sql`${ownerId}`),
        sql`, `,
      )}]::text[]) as owner_id`,
    );
}

/**
 * Erases the owner's feed (a reminder's payload holds a task's title): account
 * deletion. The numbering goes on, so streams still open see the deletions
 * that follow as new, not as a reset.
 */
export async function deleteChangeFeedForOwner(tx: Database, ownerId: string): Promise<void> {
  await tx.delete(ownerChanges).where(eq(ownerChanges.ownerId, ownerId));
}

export function createChangeFeedReader(db: Database) {
  return {
    /** The owner's latest number (0 before their first change). */
    async lastSeqForOwner(ownerId: string): Promise<number> {
      const [row] = await db
        .select({ lastSeq: ownerSequences.lastSeq })
        .from(ownerSequences)
        .where(eq(ownerSequences.ownerId, ownerId));
      return row?.lastSeq ?? 0;
    },

    /**
     * Whether everything after `seq` is still kept: false when older changes
     * were pruned (or `seq` is from the future, e.g. another database), and
     * the client must reload instead of catching up.
     */
    async canReplayFromForOwner(ownerId: string, seq: number): Promise<boolean> {
      const last = await this.lastSeqForOwner(ownerId);
      if (seq > last) return false;
      if (seq === last) return true;
      // min() of a bigint comes back as text from node-postgres.
      const [row] = await db
        .select({ oldest: sql<string | number | null>`min(${ownerChanges.seq})` })
        .from(ownerChanges)
        .where(eq(ownerChanges.ownerId, ownerId));
      return row?.oldest != null && Number(row.oldest) <= seq + 1;
    },

    /** The owner's changes after `seq`, oldest first. */
    async readChangesForOwner(ownerId: string, afterSeq: number, limit: number): Promise<OwnerChangeRow[]> {
      return db
        .select()
        .from(ownerChanges)
        .where(and(eq(ownerChanges.ownerId, ownerId), gt(ownerChanges.seq, afterSeq)))
        .orderBy(asc(ownerChanges.seq))
        .limit(limit);
    },
  };
}

export type ChangeFeedReader = ReturnType<typeof createChangeFeedReader>;
