import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * Serialises, until the surrounding transaction ends, everything that adds
 * to or erases one owner's data: concurrent creates count exactly against
 * the task cap, and a create cannot slip in beside an account's erasure.
 */
export async function lockOwnerWrites(tx: Database, ownerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tasks:${ownerId}`}, 0))`);
}
