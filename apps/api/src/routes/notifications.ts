// Web Push and notification settings (SPEC §9): parse with the contract's
// schema, call one service function, shape the reply. Refusals are thrown and
// answered by the app's one error table (../domain-errors.ts).
import { createRoute } from "@hono/zod-openapi";
import {
  NotificationSettingsInputSchema,
  NotificationSettingsSchema,
  PushPublicKeySchema,
  PushSubscriptionInputSchema,
  PushSubscriptionSchema,
  PushUnsubscribeSchema,
} from "@todo/contract/notification-schemas";
import { createRouter } from "../router";
import type { NotificationService } from "../services/notifications";
import { json, problem, refusals, security, unauthorized } from "./openapi-helpers";

const pushOff = { 503: problem("This server sends no Web Push (no VAPID key pair configured)") };

export function notificationRoutes(service: NotificationService) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/push/public-key",
      operationId: "getPushPublicKey",
      summary: "The VAPID public key to subscribe with",
      description: "Pass it as `applicationServerKey` to `PushManager.subscribe()`.",
      security,
      responses: { 200: json(PushPublicKeySchema, "The key"), ...unauthorized, ...pushOff },
    }),
    (c) => c.json({ publicKey: service.publicKey() }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/push-subscriptions",
      operationId: "createPushSubscription",
      summary: "Send your reminders to this browser",
      description:
        "The endpoint must be https to a public host: a literal loopback, private, link-local or reserved address is refused here (422), in any spelling; a host name is resolved when a push is sent, and nothing is sent unless every address it resolves to is public. Subscribing an endpoint you already have renews its keys.",
      security,
      request: {
        body: {
          ...json(PushSubscriptionInputSchema, "What PushSubscription.toJSON() gives"),
          required: true,
        },
      },
      responses: { 201: json(PushSubscriptionSchema, "Subscribed"), ...refusals, ...pushOff },
    }),
    async (c) => {
      const { row } = await service.subscribe(c.var.user.id, c.req.valid("json"));
      return c.json({ endpoint: row.endpoint, createdAt: row.createdAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/push-subscriptions",
      operationId: "deletePushSubscription",
      summary: "Stop sending your reminders to this browser",
      description: "Answers 204 whether or not you had the endpoint.",
      security,
      request: { body: { ...json(PushUnsubscribeSchema, "The endpoint to forget"), required: true } },
      responses: { 204: { description: "Unsubscribed" }, ...refusals },
    }),
    async (c) => {
      await service.unsubscribe(c.var.user.id, c.req.valid("json").endpoint);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notification-settings",
      operationId: "getNotificationSettings",
      summary: "How your reminders reach you besides the page",
      security,
      responses: { 200: json(NotificationSettingsSchema, "Your settings"), ...unauthorized },
    }),
    async (c) => c.json(await service.getSettings(c.var.user.id), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/notification-settings",
      operationId: "updateNotificationSettings",
      summary: "Turn email reminders on or off",
      description:
        "Email goes to the address your sign-in token carries, and only when this server has SMTP configured (`emailAvailable`).",
      security,
      request: { body: { ...json(NotificationSettingsInputSchema, "Your choice"), required: true } },
      responses: { 200: json(NotificationSettingsSchema, "Your settings"), ...refusals },
    }),
    async (c) => {
      const { emailReminders } = c.req.valid("json");
      return c.json(await service.setEmailReminders(c.var.user.id, emailReminders, c.var.user.email), 200);
    },
  );

  return app;
}
