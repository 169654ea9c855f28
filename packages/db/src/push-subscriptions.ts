// The only module that touches `push_subscriptions` (SPEC §9). Like the other
// repositories, every function takes the owner's id first and puts it in the
// WHERE clause. Whether an endpoint may be reached is not decided here: the
// API checks it before saving and again before each send.
import { PUSH_SUBSCRIPTIONS_PER_OWNER_MAX } from "@todo/contract/limits";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Database } from "./client";
import { type PushSubscriptionRow, pushSubscriptions } from "./schema/push-subscriptions";

export type { PushSubscriptionRow };

export interface PushSubscriptionKeys {
  p256dh: string;
  auth: string;
}

/** Thrown when the owner already has the most subscriptions one account may keep. */
export class PushSubscriptionLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`You already have ${limit} push subscriptions, the most one account can keep; remove one first.`);
  }
}

const owned = (ownerId: string, endpoint: string) =>
  and(eq(pushSubscriptions.ownerId, ownerId), eq(pushSubscriptions.endpoint, endpoint));

export function createPushSubscriptionStore(db: Database, options: { maxPerOwner?: number } = {}) {
  const maxPerOwner = options.maxPerOwner ?? PUSH_SUBSCRIPTIONS_PER_OWNER_MAX;

  return {
    /**
     * Saves the subscription, or new keys for an endpoint the owner already
     * has (a browser renews its keys under the same endpoint). The cap is a
     * bound on fan-out, checked before the insert: two racing subscribes may
     * pass it by one each, which costs nothing that matters.
     */
    async saveSubscriptionForOwner(
      ownerId: string,
      endpoint: string,
      keys: PushSubscriptionKeys,
    ): Promise<{ row: PushSubscriptionRow; created: boolean }> {
      const [renewed] = await db
        .update(pushSubscriptions)
        .set({ p256dh: keys.p256dh, auth: keys.auth })
        .where(owned(ownerId, endpoint))
        .returning();
      if (renewed) return { row: renewed, created: false };
      const [held] = await db
        .select({ n: count() })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.ownerId, ownerId));
      if ((held?.n ?? 0) >= maxPerOwner) throw new PushSubscriptionLimitReached(maxPerOwner);
      const [row] = await db
        .insert(pushSubscriptions)
        .values({ ownerId, endpoint, p256dh: keys.p256dh, auth: keys.auth })
        .onConflictDoUpdate({
          target: [pushSubscriptions.ownerId, pushSubscriptions.endpoint],
          set: { p256dh: keys.p256dh, auth: keys.auth },
        })
        .returning();
      if (!row) throw new Error("push subscription insert returned no row");
      return { row, created: true };
    },

    /** Oldest first: the order pushes go out in. */
    listSubscriptionsForOwner(ownerId: string): Promise<PushSubscriptionRow[]> {
      return db
        .select()
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.ownerId, ownerId))
        .orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id));
    },

    /**
     * Each owner's subscriptions, for the reminder scheduler: it delivers a
     * batch of reminders of many owners at once, and one query beats one per
     * reminder (SPEC §9; docs/PERFORMANCE.md, "Live events and reminders").
     */
    async listSubscriptionsForOwners(
      ownerIds: readonly string[],
    ): Promise<Map<string, PushSubscriptionRow[]>> {
      const byOwner = new Map<string, PushSubscriptionRow[]>();
      if (ownerIds.length === 0) return byOwner;
      const rows = await db
        .select()
        .from(pushSubscriptions)
        .where(inArray(pushSubscriptions.ownerId, [...new Set(ownerIds)]))
        .orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id));
      for (const row of rows) byOwner.set(row.ownerId, [...(byOwner.get(row.ownerId) ?? []), row]);
      return byOwner;
    },

    /** True when there was one to delete. */
    async deleteSubscriptionForOwner(ownerId: string, endpoint: string): Promise<boolean> {
      const gone = await db
        .delete(pushSubscriptions)
        .where(owned(ownerId, endpoint))
        .returning({ id: pushSubscriptions.id });
      return gone.length > 0;
    },

    /** The account's erasure takes every subscription with it. */
    async deleteAllSubscriptionsForOwner(ownerId: string): Promise<number> {
      const gone = await db
        .delete(pushSubscriptions)
        .where(eq(pushSubscriptions.ownerId, ownerId))
        .returning({ id: pushSubscriptions.id });
      return gone.length;
    },
  };
}

export type PushSubscriptionStore = ReturnType<typeof createPushSubscriptionStore>;
