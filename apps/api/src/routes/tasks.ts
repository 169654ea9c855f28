import { createRoute, z } from "@hono/zod-openapi";
import { decodeTaskCursor, encodeTaskCursor, type TaskRepository } from "@todo/db";
import { notFound, ProblemError, written } from "../problem";
import { createRouter } from "../router";
import { etag, expectedVersion } from "./if-match";
import {
  ClearCompletedQuery,
  ProblemSchema,
  TaskIdParams,
  TaskInputSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskPatchSchema,
  TaskSchema,
  toChanges,
  toTask,
  withDefaults,
} from "./tasks.types";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const problem = (description: string) => ({
  content: { "application/problem+json": { schema: ProblemSchema } },
  description,
});
const ifMatch = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: 'Only change the task if it is at this version: `"3"`' }),
});
const security = [{ bearerAuth: [] }];
const errors = {
  401: problem("Missing, invalid or expired token"),
  422: problem("Invalid input"),
};

/** Paths are relative: the app mounts these at `/api/tasks`, and again behind the compatibility prefix. */
export function taskRoutes(repo: TaskRepository) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "List your tasks",
      security,
      request: { query: TaskListQuerySchema },
      responses: { 200: json(TaskPageSchema, "A page of tasks"), ...errors },
    }),
    async (c) => {
      const { cursor, dueBefore, dueAfter, ...query } = c.req.valid("query");
      const decoded = cursor === undefined ? undefined : decodeTaskCursor(cursor, query.sort);
      if (cursor !== undefined && !decoded)
        throw new ProblemError(422, "The cursor is not valid for this sort.", {
          errors: [{ path: "cursor", message: "not a cursor from this list with this sort" }],
        });
      const page = await repo.listTasksForOwner(c.var.user.id, {
        ...query,
        cursor: decoded,
        dueBefore: dueBefore ? new Date(dueBefore) : undefined,
        dueAfter: dueAfter ? new Date(dueAfter) : undefined,
      });
      return c.json(
        {
          items: page.items.map(toTask),
          nextCursor: page.nextCursor ? encodeTaskCursor(page.nextCursor) : null,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Create a task",
      security,
      request: {
        headers: z.object({
          "idempotency-key": z.string().optional().openapi({
            description:
              "Any 1–255 printable ASCII characters, new for each task you mean to create. A retry with the same key (kept 24 h) gets the first response and creates nothing; the same key with another body is 422; while the first is still running, 409.",
          }),
        }),
        body: { ...json(TaskInputSchema, "The new task"), required: true },
      },
      responses: {
        201: json(TaskSchema, "The created task (or, for a replayed Idempotency-Key, the first response)"),
        409: problem("A request with this Idempotency-Key is still running"),
        ...errors,
      },
    }),
    async (c) => {
      const task = toTask(await repo.createTaskForOwner(c.var.user.id, withDefaults(c.req.valid("json"))));
      c.header("Location", `/api/tasks/${task.id}`);
      c.header("ETag", etag(task.version));
      return c.json(task, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/",
      summary: "Clear completed tasks",
      description: "Requires `status=completed`; anything else is refused, so this can never wipe a list.",
      security,
      request: { query: ClearCompletedQuery },
      responses: { 200: json(z.object({ deleted: z.int() }), "How many tasks were deleted"), ...errors },
    }),
    async (c) => c.json({ deleted: await repo.deleteCompletedTasksForOwner(c.var.user.id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      summary: "Read a task",
      security,
      request: { params: TaskIdParams },
      responses: { 200: json(TaskSchema, "The task"), 404: problem("No such task"), ...errors },
    }),
    async (c) => {
      const row = await repo.getTaskForOwner(c.var.user.id, c.req.valid("param").id);
      if (!row) throw notFound();
      c.header("ETag", etag(row.version));
      return c.json(toTask(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}",
      summary: "Replace a task's writable fields",
      description: "Fields left out return to their defaults.",
      security,
      request: {
        params: TaskIdParams,
        headers: ifMatch,
        body: { ...json(TaskInputSchema, "The task's new fields"), required: true },
      },
      responses: {
        200: json(TaskSchema, "The updated task"),
        404: problem("No such task"),
        412: problem("Stale If-Match"),
        ...errors,
      },
    }),
    async (c) => {
      const task = written(
        await repo.updateTaskForOwner(
          c.var.user.id,
          c.req.valid("param").id,
          withDefaults(c.req.valid("json")),
          expectedVersion(c.req.header("if-match")),
        ),
      );
      c.header("ETag", etag(task.version));
      return c.json(toTask(task), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      summary: "Change some of a task's fields",
      security,
      request: {
        params: TaskIdParams,
        headers: ifMatch,
        body: { ...json(TaskPatchSchema, "The fields to change"), required: true },
      },
      responses: {
        200: json(TaskSchema, "The updated task"),
        404: problem("No such task"),
        412: problem("Stale If-Match"),
        ...errors,
      },
    }),
    async (c) => {
      const task = written(
        await repo.updateTaskForOwner(
          c.var.user.id,
          c.req.valid("param").id,
          toChanges(c.req.valid("json")),
          expectedVersion(c.req.header("if-match")),
        ),
      );
      c.header("ETag", etag(task.version));
      return c.json(toTask(task), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      summary: "Delete a task",
      security,
      request: { params: TaskIdParams, headers: ifMatch },
      responses: {
        204: { description: "Deleted" },
        404: problem("No such task"),
        412: problem("Stale If-Match"),
        ...errors,
      },
    }),
    async (c) => {
      written(
        await repo.deleteTaskForOwner(
          c.var.user.id,
          c.req.valid("param").id,
          expectedVersion(c.req.header("if-match")),
        ),
      );
      return c.body(null, 204);
    },
  );

  return app;
}
