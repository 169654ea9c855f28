// How a reminder that fired reaches its owner outside the page (SPEC §9): a
// Web Push message to each of their subscriptions, and an email when the
// server has SMTP and the owner turned email reminders on. The scheduler calls
// `deliver` once per reminder; it never throws, so one bad endpoint or a down
// mail server cannot stop the scheduler or the other channels. Failures are
// logged without secrets: no keys, no SMTP URL, and only the host of an
// endpoint (its path is a capability for pushing to that browser).
import {
  createOwnerSettingsStore,
  createPushSubscriptionStore,
  type DbHandle,
  type PushSubscriptionRow,
} from "@todo/db";
import webpush from "web-push";
import type { Logger } from "../logger";
import { createEmailSender, type EmailSettings } from "./email-sender";
import { type PushOutcome, sendPushRequest, type TransportPolicy } from "./push-transport";
import type { VapidKeys } from "./vapid-keys";

export type { EmailSettings } from "./email-sender";
export type { Resolver } from "./push-transport";
export type { VapidKeys } from "./vapid-keys";

export interface ReminderNotice {
  ownerId: string;
  taskId: string;
  title: string;
  dueAt: string | null;
  remindAt: string;
}

export interface ReminderDelivery {
  /** Never throws; logs what failed. Resolves once every channel is done. */
  deliver(notice: ReminderNotice): Promise<void>;
  /** `deliver` for a batch (the scheduler's): the owners' subscriptions are read in one query. */
  deliverAll(notices: readonly ReminderNotice[]): Promise<void>;
}

export interface PushSettings extends TransportPolicy {
  vapid: VapidKeys;
  /** How long a push service keeps a message for an offline device (default 12 h). */
  ttlSeconds?: number | undefined;
}

/** What the service worker receives, decrypted. */
export interface ReminderPushPayload {
  type: "reminder";
  taskId: string;
  title: string;
  dueAt: string | null;
  remindAt: string;
}

const DEFAULT_TTL_SECONDS = 12 * 60 * 60;

const hostOf = (endpoint: string) => (URL.canParse(endpoint) ? new URL(endpoint).host : "(not a URL)");

/** Some transports put their options in an error's text; the SMTP URL holds a password. */
function reasonOf(error: unknown, secrets: readonly string[]): string {
  const code = (error as { code?: unknown }).code;
  let text = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret) text = text.split(secret).join("[hidden]");
  text = text.replace(/\s+/g, " ").slice(0, 300);
  return typeof code === "string" ? `${code}: ${text}` : text;
}

function secretsOf(url: string): string[] {
  const password = URL.canParse(url) ? new URL(url).password : "";
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not properly percent-encoded: the raw text is what an error would quote.
  }
  return [url, password, decoded].filter((secret) => secret.length > 0);
}

export function createReminderDelivery(options: {
  db: DbHandle;
  push: PushSettings | null;
  email: EmailSettings | null;
  logger: Logger;
  /**
   * The owner's email address. The API keeps no copy of the auth tables; the
   * address is what the owner's token carried when they turned email on.
   */
  lookupEmail?: (ownerId: string) => Promise<string | null>;
}): ReminderDelivery {
  const { push, email, logger } = options;
  const subscriptions = createPushSubscriptionStore(options.db.db);
  const settings = createOwnerSettingsStore(options.db.db);
  const mailer = email ? createEmailSender(email) : null;
  const lookupEmail =
    options.lookupEmail ?? ((ownerId: string) => settings.getEmailReminderAddressForOwner(ownerId));
  // The URL, and its password as written and decoded: whatever form an error might quote it in.
  const emailSecrets = email ? secretsOf(email.url) : [];

  async function pushOne(
    vapid: PushSettings,
    subscription: PushSubscriptionRow,
    payload: string,
    notice: ReminderNotice,
  ): Promise<void> {
    const where = { ownerId: notice.ownerId, taskId: notice.taskId, host: hostOf(subscription.endpoint) };
    let outcome: PushOutcome;
    try {
      const details = webpush.generateRequestDetails(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        payload,
        {
          vapidDetails: vapid.vapid,
          TTL: vapid.ttlSeconds ?? DEFAULT_TTL_SECONDS,
          urgency: "high",
          contentEncoding: "aes128gcm",
          // A newer reminder of the same task replaces one still waiting for the device.
          topic: notice.taskId.replace(/-/g, "").slice(0, 32),
        },
      );
      outcome = await sendPushRequest(
        { endpoint: details.endpoint, headers: details.headers, body: details.body ?? null },
        vapid,
      );
    } catch (error) {
      // Encryption refuses a key that is not a point on the curve.
      outcome = { kind: "failed", reason: `could not be encrypted (${reasonOf(error, [])})` };
    }
    switch (outcome.kind) {
      case "delivered":
        logger.info({ ...where, status: outcome.status }, "reminder push delivered");
        return;
      case "gone":
        // The push service says this subscription is over: stop paying for it.
        await subscriptions.deleteSubscriptionForOwner(notice.ownerId, subscription.endpoint);
        logger.info({ ...where, status: outcome.status }, "push subscription gone; removed");
        return;
      case "refused":
        logger.warn({ ...where, reason: outcome.reason }, "reminder push not sent");
        return;
      case "failed":
        logger.warn({ ...where, status: outcome.status, reason: outcome.reason }, "reminder push failed");
        return;
    }
  }

  async function pushAll(notice: ReminderNotice, rows: readonly PushSubscriptionRow[]): Promise<void> {
    if (!push) return;
    const payload: ReminderPushPayload = {
      type: "reminder",
      taskId: notice.taskId,
      title: notice.title,
      dueAt: notice.dueAt,
      remindAt: notice.remindAt,
    };
    const text = JSON.stringify(payload);
    await Promise.all(rows.map((row) => pushOne(push, row, text, notice)));
  }

  async function emailOne(notice: ReminderNotice): Promise<void> {
    if (!mailer || !email) return;
    if (!(await settings.getEmailRemindersForOwner(notice.ownerId))) return;
    const to = await lookupEmail(notice.ownerId);
    const where = { ownerId: notice.ownerId, taskId: notice.taskId };
    if (!to) {
      logger.warn(where, "reminder email not sent: no address is known for the owner");
      return;
    }
    const timeZone = await settings.getTimeZoneForOwner(notice.ownerId);
    await mailer.send({ to, title: notice.title, dueAt: notice.dueAt, remindAt: notice.remindAt, timeZone });
    logger.info(where, "reminder email sent");
  }

  const guarded = (channel: "push" | "email", work: Promise<void>, notice: ReminderNotice) =>
    work.catch((error: unknown) => {
      logger.error(
        {
          ownerId: notice.ownerId,
          taskId: notice.taskId,
          channel,
          reason: reasonOf(error, emailSecrets),
        },
        "reminder delivery failed",
      );
    });

  async function deliverAll(notices: readonly ReminderNotice[]): Promise<void> {
    if (notices.length === 0) return;
    let subscribed: Map<string, PushSubscriptionRow[]> | null = new Map();
    if (push)
      subscribed = await subscriptions
        .listSubscriptionsForOwners(notices.map((notice) => notice.ownerId))
        .catch((error: unknown) => {
          logger.error(
            { reminders: notices.length, reason: reasonOf(error, []) },
            "reminder push failed: subscriptions could not be read",
          );
          return null;
        });
    await Promise.all(
      notices.map((notice) =>
        Promise.all([
          subscribed ? guarded("push", pushAll(notice, subscribed.get(notice.ownerId) ?? []), notice) : null,
          guarded("email", emailOne(notice), notice),
        ]),
      ),
    );
  }

  return {
    deliver: (notice) => deliverAll([notice]),
    deliverAll,
  };
}
