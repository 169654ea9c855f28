// The shapes of Web Push subscriptions and notification settings (SPEC §9).
// Only the form is checked here (safe for the browser); whether an endpoint's
// host may be reached is the API's decision (apps/api/src/notifications/).
import { z } from "zod";
import { PUSH_ENDPOINT_MAX } from "./limits";

// What PushSubscription.toJSON() gives: base64url, padding optional.
// A P-256 public key uncompressed is 65 bytes (87 characters); the auth secret 16 (22).
const P256dh = z
  .string()
  .regex(/^[A-Za-z0-9_-]{87}=?$/, "must be a base64url P-256 public key (65 bytes)")
  .meta({ description: "The browser's P-256 public key (base64url, 65 bytes uncompressed)" });
const AuthSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}(==)?$/, "must be a base64url secret of 16 bytes")
  .meta({ description: "The browser's authentication secret (base64url, 16 bytes)" });
const Endpoint = z.string().min(1).max(PUSH_ENDPOINT_MAX).meta({
  description:
    "The push service's URL: https, to a public host (a literal loopback, private, link-local or reserved address is refused)",
});

export const PushPublicKeySchema = z
  .object({
    publicKey: z.string().meta({ description: "The VAPID public key: base64url, 65 bytes uncompressed" }),
  })
  .meta({ id: "PushPublicKey" });

export const PushSubscriptionInputSchema = z
  .strictObject({
    endpoint: Endpoint,
    keys: z.strictObject({ p256dh: P256dh, auth: AuthSecret }),
  })
  .meta({ id: "PushSubscriptionInput" });
export type PushSubscriptionInput = z.output<typeof PushSubscriptionInputSchema>;

export const PushSubscriptionSchema = z
  .object({
    endpoint: z.string().meta({ description: "The endpoint as stored (normalised)" }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "PushSubscription" });
export type PushSubscription = z.infer<typeof PushSubscriptionSchema>;

export const PushUnsubscribeSchema = z.strictObject({ endpoint: Endpoint }).meta({ id: "PushUnsubscribe" });

export const NotificationSettingsSchema = z
  .object({
    emailReminders: z
      .boolean()
      .meta({ description: "Reminders also by email to the address of your account" }),
    emailAvailable: z
      .boolean()
      .meta({ description: "Whether this server sends email at all (SMTP configured)" }),
    pushAvailable: z
      .boolean()
      .meta({ description: "Whether this server sends Web Push (VAPID keys configured)" }),
  })
  .meta({ id: "NotificationSettings" });
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

export const NotificationSettingsInputSchema = z
  .strictObject({ emailReminders: z.boolean() })
  .meta({ id: "NotificationSettingsInput" });
