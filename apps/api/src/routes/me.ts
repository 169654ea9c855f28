import { createRoute, z } from "@hono/zod-openapi";
import { MePatchSchema, MeSchema } from "@todo/contract/list-schemas";
import { createRouter } from "../router";
import type { AccountService } from "../services/account";
import { json, refusals, security, unauthorized } from "./openapi-helpers";

export function meRoutes(account: AccountService) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      operationId: "getMe",
      summary: "The identity your token carries, and your time zone",
      security,
      responses: {
        200: json(MeSchema, "You"),
        ...unauthorized,
      },
    }),
    async (c) => c.json({ ...c.var.user, timeZone: await account.getTimeZone(c.var.user.id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/me",
      operationId: "updateMe",
      summary: "Set your time zone",
      description:
        'An IANA name such as "Europe/Berlin". Each timed due keeps its instant; its `dueDate` moves to the day it falls on in the new zone.',
      security,
      request: {
        body: {
          required: true,
          ...json(MePatchSchema, "Your settings"),
        },
      },
      responses: {
        200: json(MeSchema, "You"),
        ...refusals,
      },
    }),
    async (c) => {
      const timeZone = await account.setTimeZone(c.var.user.id, c.req.valid("json").timeZone);
      return c.json({ ...c.var.user, timeZone }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/me",
      operationId: "eraseMyData",
      summary: "Erase all of your data",
      description:
        "Deletes every task you own, and the responses kept for your Idempotency-Keys (they hold task text). The web app calls it when you delete your account, before the account. From then on, creating a task with a token for this account is refused with 401.",
      security,
      responses: {
        200: json(z.object({ deleted: z.int() }), "How many tasks were deleted"),
        ...unauthorized,
      },
    }),
    async (c) => c.json({ deleted: await account.eraseOwnerData(c.var.user.id) }, 200),
  );

  return app;
}
