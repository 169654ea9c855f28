// Routes for clients written against the original plan, where the user id
// sits in the path. The id must be the caller's own (else 403); the request
// is then served by the canonical task handlers themselves, mounted a second
// time under this prefix. Nothing is forwarded and no path is rewritten: an
// earlier version edited the raw URL and fed it back into the app, and a
// percent-encoded id (`/api/%61bc/tasks`) made it call itself forever.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AuthVariables } from "../auth/require-user";
import { ProblemError } from "../problem";
import { type ApiEnv, createRouter } from "../router";
import type { TaskService } from "../services/tasks";
import { etag, expectedVersion } from "./if-match";
import { json, problem, refusals, security } from "./openapi-helpers";
import { TaskIdParams, TaskSchema, toTask } from "./tasks.types";

export const COMPAT_PREFIX = "/api/:userId/tasks";

const UserParams = z.object({ userId: z.string().openapi({ param: { name: "userId", in: "path" } }) });
const UserTaskParams = UserParams.extend(TaskIdParams.shape);

/** `tasks` is the router the app mounts at `/api/tasks`. */
export function compatRoutes(service: TaskService, tasks: OpenAPIHono<ApiEnv>) {
  const app = createRouter();

  // Hono hands routes the decoded path segment, so `%61bc` is compared as `abc`.
  const ownPathOnly = createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    if (c.req.param("userId") !== c.var.user.id)
      throw new ProblemError(403, "The user id in the path is not yours.");
    await next();
  });
  app.use(COMPAT_PREFIX, ownPathOnly);
  app.use(`${COMPAT_PREFIX}/*`, ownPathOnly);

  // Documented here; served by the canonical handlers mounted below.
  const compatRefusals = { ...refusals, 403: problem("The user id in the path is not yours") };
  for (const [method, path, params, operationId] of [
    ["get", "/api/{userId}/tasks", UserParams, "listTasksByUserPath"],
    ["post", "/api/{userId}/tasks", UserParams, "createTaskByUserPath"],
    ["get", "/api/{userId}/tasks/{id}", UserTaskParams, "getTaskByUserPath"],
    ["put", "/api/{userId}/tasks/{id}", UserTaskParams, "replaceTaskByUserPath"],
    ["delete", "/api/{userId}/tasks/{id}", UserTaskParams, "deleteTaskByUserPath"],
  ] as const)
    app.openAPIRegistry.registerPath({
      method,
      path,
      operationId,
      summary: `${method.toUpperCase()} ${path.replace("/api/{userId}", "/api")} with your user id in the path`,
      deprecated: true,
      security,
      request: { params },
      responses: {
        [method === "post" ? 201 : method === "delete" ? 204 : 200]: {
          description: "As the matching /api/tasks route",
        },
        ...compatRefusals,
        ...(path.endsWith("{id}") && { 404: problem("No such task") }),
      },
    });

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/{userId}/tasks/{id}/complete",
      operationId: "toggleTaskByUserPath",
      summary: "Toggle a task's completion",
      deprecated: true,
      security,
      request: { params: UserTaskParams },
      responses: {
        200: json(TaskSchema, "The task"),
        ...compatRefusals,
        404: problem("No such task"),
        412: problem("Stale If-Match"),
      },
    }),
    async (c) => {
      const task = await service.toggleTask(
        c.var.user.id,
        c.req.valid("param").id,
        expectedVersion(c.req.header("if-match")),
      );
      c.header("ETag", etag(task.version));
      return c.json(toTask(task), 200);
    },
  );

  // A plain Hono in between, so the canonical routes are not documented twice.
  app.route("/", new Hono<ApiEnv>().route(COMPAT_PREFIX, tasks));
  return app;
}
