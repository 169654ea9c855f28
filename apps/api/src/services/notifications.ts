// Web Push subscriptions and notification settings (SPEC §9): what the
// notification routes call, one function per request.
import { createECDH } from "node:crypto";
import type { PushSubscriptionInput } from "@todo/contract/notification-schemas";
import {
  createDeletedAccountStore,
  createOwnerSettingsStore,
  createPushSubscriptionStore,
  type DbHandle,
  type PushSubscriptionRow,
  runOwnerWrite,
} from "@todo/db";
import { checkEndpoint } from "../notifications/address-policy";
import { EmailAddressUnknown, PushEndpointRefused, PushUnavailable } from "./errors";

export interface NotificationOptions {
  /** The VAPID public key; null when this server sends no Web Push (503 for the push routes). */
  pushPublicKey: string | null;
  /** PUSH_ALLOW_LOOPBACK (tests only). */
  allowLoopback: boolean;
  /** Whether SMTP_URL is set. */
  emailAvailable: boolean;
}

export const NOTIFICATIONS_OFF: NotificationOptions = {
  pushPublicKey: null,
  allowLoopback: false,
  emailAvailable: false,
};

/** A point on P-256, not just 65 bytes: encryption to anything else fails at every send. */
function isP256Point(key: string): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    ecdh.computeSecret(Buffer.from(key, "base64url"));
    return true;
  } catch {
    return false;
  }
}

export function createNotificationService(
  handle: DbHandle,
  options: NotificationOptions = NOTIFICATIONS_OFF,
) {
  // Subscriptions are not part of the synced data the units of work record;
  // each call is one statement (or a renewal and its insert) on the owner's rows.
  const subscriptions = createPushSubscriptionStore(handle.db);
  const settings = createOwnerSettingsStore(handle.db);
  const deletedAccounts = createDeletedAccountStore(handle.db);

  function publicKey(): string {
    if (!options.pushPublicKey) throw new PushUnavailable();
    return options.pushPublicKey;
  }

  return {
    publicKey,

    /** Saves (or renews the keys of) a subscription after the endpoint rules; `created` is false for a renewal. */
    async subscribe(
      ownerId: string,
      input: PushSubscriptionInput,
    ): Promise<{ row: PushSubscriptionRow; created: boolean }> {
      publicKey();
      const check = checkEndpoint(input.endpoint, { allowLoopback: options.allowLoopback });
      if (!check.ok) throw new PushEndpointRefused("endpoint", check.reason);
      if (!isP256Point(input.keys.p256dh))
        throw new PushEndpointRefused("keys.p256dh", "is not a P-256 public key");
      // An erased account's token lives on for minutes: it must not start receiving reminders again.
      await deletedAccounts.assertNotDeletedForOwner(ownerId);
      return subscriptions.saveSubscriptionForOwner(ownerId, check.url.href, input.keys);
    },

    /** Idempotent: an endpoint the owner does not have is already unsubscribed. */
    async unsubscribe(ownerId: string, endpoint: string): Promise<void> {
      // Stored normalised; the browser sends it as it gave it.
      const normalised = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
      if (normalised) normalised.hash = "";
      await subscriptions.deleteSubscriptionForOwner(ownerId, normalised?.href ?? endpoint);
      if (normalised && normalised.href !== endpoint)
        await subscriptions.deleteSubscriptionForOwner(ownerId, endpoint);
    },

    async getSettings(ownerId: string) {
      return {
        emailReminders: await settings.getEmailRemindersForOwner(ownerId),
        emailAvailable: options.emailAvailable,
        pushAvailable: options.pushPublicKey !== null,
      };
    },

    /**
     * Turning email on needs an address: the one the caller's token carries
     * (the API has no other source for it).
     */
    async setEmailReminders(ownerId: string, emailReminders: boolean, email: string | undefined) {
      if (emailReminders && !email) throw new EmailAddressUnknown();
      await runOwnerWrite(handle, ownerId, (unit) =>
        unit.settings.setEmailRemindersForOwner(ownerId, emailReminders, email),
      );
      return {
        emailReminders,
        emailAvailable: options.emailAvailable,
        pushAvailable: options.pushPublicKey !== null,
      };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
