// The only module that touches `owner_settings`: owner first, like the rest.
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { ownerSettings } from "./schema/owner-settings";

export const DEFAULT_TIME_ZONE = "UTC";

export function createOwnerSettingsStore(db: Database) {
  return {
    /** The owner's IANA zone; UTC until they choose one. */
    async getTimeZoneForOwner(ownerId: string): Promise<string> {
      const [row] = await db
        .select({ timeZone: ownerSettings.timeZone })
        .from(ownerSettings)
        .where(eq(ownerSettings.ownerId, ownerId));
      return row?.timeZone ?? DEFAULT_TIME_ZONE;
    },

    async setTimeZoneForOwner(ownerId: string, timeZone: string): Promise<void> {
      await db
        .insert(ownerSettings)
        .values({ ownerId, timeZone })
        .onConflictDoUpdate({ target: ownerSettings.ownerId, set: { timeZone, updatedAt: sql`now()` } });
    },

    /** Whether the owner wants reminders by email too; off until they turn it on. */
    async getEmailRemindersForOwner(ownerId: string): Promise<boolean> {
      const [row] = await db
        .select({ emailReminders: ownerSettings.emailReminders })
        .from(ownerSettings)
        .where(eq(ownerSettings.ownerId, ownerId));
      return row?.emailReminders ?? false;
    },

    /** On: reminders also go to `emailAddress`. Off: the address is forgotten. */
    async setEmailRemindersForOwner(
      ownerId: string,
      emailReminders: boolean,
      emailAddress?: string,
    ): Promise<void> {
      const address = emailReminders ? (emailAddress ?? null) : null;
      await db
        .insert(ownerSettings)
        .values({ ownerId, emailReminders, emailAddress: address })
        .onConflictDoUpdate({
          target: ownerSettings.ownerId,
          set: { emailReminders, emailAddress: address, updatedAt: sql`now()` },
        });
    },

    /** The address reminder emails go to, when the owner turned them on. */
    async getEmailReminderAddressForOwner(ownerId: string): Promise<string | null> {
      const [row] = await db
        .select({ on: ownerSettings.emailReminders, address: ownerSettings.emailAddress })
        .from(ownerSettings)
        .where(eq(ownerSettings.ownerId, ownerId));
      return row?.on ? (row.address ?? null) : null;
    },

    async deleteSettingsForOwner(ownerId: string): Promise<void> {
      await db.delete(ownerSettings).where(eq(ownerSettings.ownerId, ownerId));
    },
  };
}

export type OwnerSettingsStore = ReturnType<typeof createOwnerSettingsStore>;
