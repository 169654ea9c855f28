import { createRoute, z } from "@hono/zod-openapi";
import {
  createDeletedAccountStore,
  createIdempotencyKeyStore,
  createTaskRepository,
  type TransactionScope,
} from "@todo/db";
import { createRouter } from "../router";
import { ProblemSchema } from "./tasks.types";

const security = [{ bearerAuth: [] }];
const unauthorized = {
  content: { "application/problem+json": { schema: ProblemSchema } },
  description: "Missing, invalid or expired token",
};

export function meRoutes(scope: TransactionScope) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      summary: "The identity your token carries",
      security,
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z.object({ id: z.string(), email: z.string().optional(), name: z.string().optional() }),
            },
          },
          description: "You",
        },
        401: unauthorized,
      },
    }),
    (c) => c.json(c.var.user, 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/me",
      summary: "Erase all of your data",
      description:
        "Deletes every task you own, and the responses kept for your Idempotency-Keys (they hold task text). The web app calls it when you delete your account, before the account. From then on, creating a task with a token for this account is refused with 401.",
      security,
      responses: {
        200: {
          content: { "application/json": { schema: z.object({ deleted: z.int() }) } },
          description: "How many tasks were deleted",
        },
        401: unauthorized,
      },
    }),
    async (c) => {
      const deleted = await scope.run(async (tx) => {
        // First, so that a create in flight either lands before the erasure or is refused after it.
        await createDeletedAccountStore(tx).markDeletedForOwner(c.var.user.id);
        await createIdempotencyKeyStore(tx).deleteKeysForOwner(c.var.user.id);
        return createTaskRepository(tx).deleteAllTasksForOwner(c.var.user.id);
      });
      return c.json({ deleted }, 200);
    },
  );

  return app;
}
