// The only module that touches `deleted_accounts`: owner first, like the rest.
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { lockOwnerWrites } from "./owner-writes";
import { deletedAccounts } from "./schema/deleted-accounts";

/** Thrown when a write comes for an account whose data was erased: its tokens outlive it by up to their lifetime. */
export class AccountDeleted extends Error {
  constructor() {
    super("The account this token was issued for has been deleted.");
  }
}

export function createDeletedAccountStore(db: Database) {
  return {
    /** Call inside the transaction that erases the owner's data; waits for their creates in flight. */
    async markDeletedForOwner(ownerId: string): Promise<void> {
      await lockOwnerWrites(db, ownerId);
      await db.insert(deletedAccounts).values({ ownerId }).onConflictDoNothing();
    },

    /** Throws AccountDeleted; call after lockOwnerWrites in the transaction that writes. */
    async assertNotDeletedForOwner(ownerId: string): Promise<void> {
      const [row] = await db
        .select({ ownerId: deletedAccounts.ownerId })
        .from(deletedAccounts)
        .where(eq(deletedAccounts.ownerId, ownerId));
      if (row) throw new AccountDeleted();
    },
  };
}
export type DeletedAccountStore = ReturnType<typeof createDeletedAccountStore>;
