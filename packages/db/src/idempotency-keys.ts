// The only module that touches `idempotency_keys`. Like the task repository,
// every function that reads or writes a key takes the owner's id first.
// Meant to be used inside one transaction: the advisory lock, the lookup and
// the save hold together only there.
import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "./client";
import { idempotencyKeys } from "./schema/idempotency-keys";

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord extends StoredResponse {
  fingerprint: string;
}

/** A signed 64-bit number for pg_advisory_xact_lock(bigint); a collision only makes one request wait or get 409. */
function lockNumber(ownerId: string, key: string): string {
  return createHash("sha256").update(ownerId).update("\0").update(key).digest().readBigInt64BE(0).toString();
}

/**
 * Live keys kept per owner. Without a cap, 300 creates a minute for 24 h
 * would keep 432,000 stored responses for one user. A retry comes within
 * minutes; a key evicted after a thousand newer creates is only a key that
 * no client will send again.
 */
export const MAX_KEYS_PER_OWNER = 1_000;

export function createIdempotencyKeyStore(db: Database, options: { maxKeysPerOwner?: number } = {}) {
  const maxKeys = options.maxKeysPerOwner ?? MAX_KEYS_PER_OWNER;

  /** Deletes the owner's keys older than their newest `maxKeys`. */
  async function evictBeyondCap(ownerId: string): Promise<void> {
    const oldest = db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.ownerId, ownerId))
      .orderBy(desc(idempotencyKeys.createdAt), desc(idempotencyKeys.key))
      .offset(maxKeys);
    await db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.ownerId, ownerId), inArray(idempotencyKeys.key, oldest)));
  }

  return {
    /**
     * Claims the key until the surrounding transaction ends. False when another
     * transaction (on any API process) holds it: that request is still running.
     */
    async tryLockKeyForOwner(ownerId: string, key: string): Promise<boolean> {
      const [row] = await db
        .select({ locked: sql<boolean>`pg_try_advisory_xact_lock(${lockNumber(ownerId, key)}::bigint)` })
        .from(sql`(values (1)) as one`);
      return row?.locked === true;
    },

    /** The stored response for a key that has not expired. */
    async findKeyForOwner(ownerId: string, key: string): Promise<IdempotencyRecord | undefined> {
      const [row] = await db
        .select({
          fingerprint: idempotencyKeys.fingerprint,
          status: idempotencyKeys.status,
          headers: idempotencyKeys.headers,
          body: idempotencyKeys.body,
        })
        .from(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.ownerId, ownerId),
            eq(idempotencyKeys.key, key),
            gt(idempotencyKeys.expiresAt, sql`now()`),
          ),
        );
      return row;
    },

    /**
     * Stores the response, replacing only an expired record under the same
     * key. False when a live record is already there (which the lock should
     * have made impossible).
     */
    async saveKeyForOwner(
      ownerId: string,
      key: string,
      record: IdempotencyRecord,
      ttlSeconds: number,
    ): Promise<boolean> {
      const expiresAt = sql`now() + make_interval(secs => ${ttlSeconds})`;
      const saved = await db
        .insert(idempotencyKeys)
        .values({ ...record, ownerId, key, expiresAt })
        .onConflictDoUpdate({
          target: [idempotencyKeys.ownerId, idempotencyKeys.key],
          set: { ...record, createdAt: sql`now()`, expiresAt },
          setWhere: lte(idempotencyKeys.expiresAt, sql`now()`),
        })
        .returning({ key: idempotencyKeys.key });
      if (saved.length !== 1) return false;
      await evictBeyondCap(ownerId);
      return true;
    },

    /** Forgets every key of the owner, with the responses they hold (account deletion). */
    async deleteKeysForOwner(ownerId: string): Promise<number> {
      const deleted = await db
        .delete(idempotencyKeys)
        .where(eq(idempotencyKeys.ownerId, ownerId))
        .returning({ key: idempotencyKeys.key });
      return deleted.length;
    },

    /**
     * Deletes up to `limit` expired records of anyone: housekeeping that
     * touches only keys nobody can use any more, called on each save so the
     * table stays bounded without a scheduler. Rows another transaction is
     * deleting are skipped rather than waited for.
     */
    async purgeExpiredKeys(limit: number): Promise<number> {
      const expired = db
        .select({ ownerId: idempotencyKeys.ownerId, key: idempotencyKeys.key })
        .from(idempotencyKeys)
        .where(lte(idempotencyKeys.expiresAt, sql`now()`))
        .limit(limit)
        .for("update", { skipLocked: true });
      const deleted = await db
        .delete(idempotencyKeys)
        .where(sql`(${idempotencyKeys.ownerId}, ${idempotencyKeys.key}) in ${expired}`)
        .returning({ key: idempotencyKeys.key });
      return deleted.length;
    },
  };
}

export type IdempotencyKeyStore = ReturnType<typeof createIdempotencyKeyStore>;
