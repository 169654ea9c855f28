// The owner's write lock, which means something only inside a unit of work
// (runOwnerWrite): a transaction-level advisory lock, held until the unit
// commits. Repository functions whose correctness rests on it (a create
// counted against the cap, the erasure of an account) take it through
// lockOwnerWrites, which refuses any Database that is not an open unit of
// work for that owner: a plain database, a bare transaction, someone else's
// unit, or a unit that has ended. The check is in memory; it costs nothing.
import { sql } from "drizzle-orm";
import type { Database } from "./client";

/** Each open unit of work's transaction, and whose data it writes. */
const openUnits = new WeakMap<Database, string>();

/** runOwnerWrite's: `tx` is now a unit of work on `ownerId`'s data… */
export function beginUnit(tx: Database, ownerId: string): void {
  openUnits.set(tx, ownerId);
}

/** …and is no longer. */
export function endUnit(tx: Database): void {
  openUnits.delete(tx);
}

/**
 * Serialises, until the unit of work `tx` ends, everything that adds to or
 * erases one owner's data: concurrent creates count exactly against the task
 * cap, and a create cannot slip in beside an account's erasure.
 */
export async function lockOwnerWrites(tx: Database, ownerId: string, operation: string): Promise<void> {
  if (openUnits.get(tx) !== ownerId)
    throw new Error(`${operation} must run inside runOwnerWrite(handle, ownerId, …) for the same owner.`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tasks:${ownerId}`}, 0))`);
}
