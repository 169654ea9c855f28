// Routes for clients written against the original plan, where the user id
// sits in the path. The id must be the caller's own (else 403); the request
// is then served by the canonical route, so there is one implementation.
import { createRoute, z } from "@hono/zod-openapi";
import type { TaskRepository } from "@todo/db";
import { createMiddleware } from "hono/factory";
import type { AuthVariables } from "../auth/require-user";
import { ProblemError, written } from "../problem";
import { createRouter } from "../router";
import { etag, expectedVersion } from "./if-match";
import { TaskIdParams, TaskSchema, toTask } from "./tasks.types";

const UserParams = z.object({ userId: z.string().openapi({ param: { name: "userId", in: "path" } }) });
const UserTaskParams = UserParams.extend(TaskIdParams.shape);
const security = [{ bearerAuth: [] }];
const forwarded = { 200: { description: "As the matching /api/tasks route" } };

type Forward = (request: Request) => Response | Promise<Response>;

export function compatRoutes(repo: TaskRepository, forward: Forward) {
  const app = createRouter();

  const ownPathOnly = createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    if (c.req.param("userId") !== c.var.user.id)
      throw new ProblemError(403, "The user id in the path is not yours.");
    await next();
  });
  app.use("/api/:userId/tasks", ownPathOnly);
  app.use("/api/:userId/tasks/*", ownPathOnly);

  const toCanonical = (request: Request, userId: string) => {
    const url = new URL(request.url);
    url.pathname = url.pathname.replace(`/api/${encodeURIComponent(userId)}/tasks`, "/api/tasks");
    const init: RequestInit & { duplex?: "half" } = {
      method: request.method,
      headers: request.headers,
      body: request.body,
      duplex: "half",
    };
    return forward(new Request(url, init));
  };

  for (const [method, path, params] of [
    ["get", "/api/{userId}/tasks", UserParams],
    ["post", "/api/{userId}/tasks", UserParams],
    ["get", "/api/{userId}/tasks/{id}", UserTaskParams],
    ["put", "/api/{userId}/tasks/{id}", UserTaskParams],
    ["delete", "/api/{userId}/tasks/{id}", UserTaskParams],
  ] as const) {
    app.openapi(
      createRoute({
        method,
        path,
        summary: `${method.toUpperCase()} ${path.replace("/api/{userId}", "/api")} with your user id in the path`,
        deprecated: true,
        security,
        request: { params },
        responses: forwarded,
      }),
      (c) => toCanonical(c.req.raw, c.req.param("userId")),
    );
  }

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/{userId}/tasks/{id}/complete",
      summary: "Toggle a task's completion",
      deprecated: true,
      security,
      request: { params: UserTaskParams },
      responses: {
        200: { content: { "application/json": { schema: TaskSchema } }, description: "The task" },
      },
    }),
    async (c) => {
      const task = written(
        await repo.toggleTaskForOwner(
          c.var.user.id,
          c.req.valid("param").id,
          expectedVersion(c.req.header("if-match")),
        ),
      );
      c.header("ETag", etag(task.version));
      return c.json(toTask(task), 200);
    },
  );

  return app;
}
