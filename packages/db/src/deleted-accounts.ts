// The only module that touches `deleted_accounts`: owner first, like the rest.
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { lockOwnerWrites } from "./owner-lock";
import { deletedAccounts } from "./schema/deleted-accounts";

/** Thrown when a write comes for an account whose data was erased: its tokens outlive it by up to their lifetime. */
export class AccountDeleted extends Error {
  constructor() {
    super("The account this token was issued for has been deleted.");
  }
}

export function createDeletedAccountStore(db: Database) {
  return {
    /**
     * Runs only inside runOwnerWrite for this owner, the unit that erases the
     * owner's data; waits for their creates in flight.
     */
    async markDeletedForOwner(ownerId: string): Promise<void> {
      await lockOwnerWrites(db, ownerId, "markDeletedForOwner");
      await db.insert(deletedAccounts).values({ ownerId }).onConflictDoNothing();
    },

    /** Throws AccountDeleted; call inside the unit of work (runOwnerWrite) that writes. */
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
