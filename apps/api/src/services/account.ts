// The caller's account as the API knows it: their data, and its erasure.
import { createOwnerSettingsStore, type DbHandle, runOwnerWrite } from "@todo/db";

export function createAccountService(handle: DbHandle) {
  const settings = createOwnerSettingsStore(handle.db);
  return {
    /** The owner's IANA zone: what "today" means for them. UTC until they choose. */
    getTimeZone(ownerId: string): Promise<string> {
      return settings.getTimeZoneForOwner(ownerId);
    },

    /** Each timed due keeps its instant, and its day moves with the zone, in the same unit of work. */
    async setTimeZone(ownerId: string, timeZone: string): Promise<string> {
      await runOwnerWrite(handle, ownerId, async (unit) => {
        await unit.settings.setTimeZoneForOwner(ownerId, timeZone);
        await unit.tasks.rederiveDueDatesForOwner(ownerId, timeZone);
      });
      return timeZone;
    },

    /**
     * Erases everything the owner has (tasks with their completions and
     * reminders, lists, settings, push subscriptions, the calendar feed, the
     * change feed, and the responses kept for their Idempotency-Keys, which
     * hold task text) in one unit of work, and
     * refuses their creates from then on. Returns how many tasks were deleted.
     */
    eraseOwnerData(ownerId: string): Promise<number> {
      return runOwnerWrite(handle, ownerId, async (unit) => {
        // First, so that a create in flight either lands before the erasure or is refused after it.
        await unit.deletedAccounts.markDeletedForOwner(ownerId);
        await unit.idempotencyKeys.deleteKeysForOwner(ownerId);
        await unit.settings.deleteSettingsForOwner(ownerId);
        await unit.pushSubscriptions.deleteAllSubscriptionsForOwner(ownerId);
        await unit.calendarFeeds.deleteFeedForOwner(ownerId);
        await unit.changeFeed.deleteChangesForOwner(ownerId);
        // Completions and reminders go with their tasks (a foreign key cascades); lists after the tasks in them.
        const deleted = await unit.tasks.deleteAllTasksForOwner(ownerId);
        await unit.lists.deleteAllListsForOwner(ownerId);
        return deleted;
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
