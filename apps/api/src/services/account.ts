// The caller's account as the API knows it: their data, and its erasure.
import { type DbHandle, runOwnerWrite } from "@todo/db";

export function createAccountService(handle: DbHandle) {
  return {
    /**
     * Erases everything the owner has (tasks, and the responses kept for
     * their Idempotency-Keys, which hold task text) in one unit of work, and
     * refuses their creates from then on. Returns how many tasks were deleted.
     */
    eraseOwnerData(ownerId: string): Promise<number> {
      return runOwnerWrite(handle, ownerId, async (unit) => {
        // First, so that a create in flight either lands before the erasure or is refused after it.
        await unit.deletedAccounts.markDeletedForOwner(ownerId);
        await unit.idempotencyKeys.deleteKeysForOwner(ownerId);
        return unit.tasks.deleteAllTasksForOwner(ownerId);
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
