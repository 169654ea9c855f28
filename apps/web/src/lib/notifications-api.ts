// Reminders by push and email (SPEC §9) on top of the one `apiFetch`, typed
// from the contract's schemas.
import type { NotificationSettings, PushSubscriptionInput } from "@todo/contract/notification-schemas";
import { apiFetch } from "./api-client";

export type { NotificationSettings };

/** The server's VAPID public key; rejects with a 503 ApiError when push is off. */
export async function getPushPublicKey(): Promise<string> {
  const { publicKey } = await apiFetch<{ publicKey: string }>("/api/push/public-key");
  return publicKey;
}

export function subscribePush(subscription: PushSubscriptionInput): Promise<unknown> {
  return apiFetch("/api/push-subscriptions", { method: "POST", json: subscription });
}

export function unsubscribePush(endpoint: string): Promise<void> {
  return apiFetch<void>("/api/push-subscriptions", { method: "DELETE", json: { endpoint } });
}

export function getNotificationSettings(): Promise<NotificationSettings> {
  return apiFetch<NotificationSettings>("/api/notification-settings");
}

export function updateNotificationSettings(changes: {
  emailReminders: boolean;
}): Promise<NotificationSettings> {
  return apiFetch<NotificationSettings>("/api/notification-settings", { method: "PUT", json: changes });
}
