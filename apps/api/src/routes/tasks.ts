import { createRoute, z } from "@hono/zod-openapi";
import { decodeTaskCursor, encodeTaskCursor, type StoredResponse, type TaskRow } from "@todo/db";
import type { Context } from "hono";
import { idempotentCreate } from "../idempotency";
import { ProblemError } from "../problem";
import { type ApiEnv, createRouter } from "../router";
import type { CreateReply, TaskService } from "../services/tasks";
import { etag, expectedVersion } from "./if-match";
import { json, problem, refusals, security } from "./openapi-helpers";
import {
  ClearCompletedQuery,
  CompletionPageSchema,
  type Task,
  TaskCreateSchema,
  TaskIdParams,
  TaskInputSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskPatchSchema,
  TaskSchema,
  toCompletion,
  toCreateDraft,
  toTask,
  withDefaults,
} from "./tasks.types";

const ifMatch = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: 'Only change the task if it is at this version: `"3"`' }),
});

/** The answer to a create, as stored for its Idempotency-Key (status 201, a Task as JSON). */
function created(row: TaskRow): StoredResponse {
  const task = toTask(row);
  return {
    status: 201,
    headers: {
      "content-type": "application/json",
      location: `/api/tasks/${task.id}`,
      etag: etag(task.version),
    },
    body: JSON.stringify(task),
  };
}

/**
 * Sends a create's answer, first or replayed: the same status, body and the
 * headers a replay repeats (`Location`, `ETag`); the rest (Cache-Control,
 * CORS…) is added afresh. A repeat says so with `Idempotent-Replayed: true`.
 */
function sendCreated(c: Context<ApiEnv>, { response, replayed }: CreateReply) {
  for (const [name, value] of Object.entries(response.headers)) c.header(name, value);
  if (replayed) c.header("Idempotent-Replayed", "true");
  return c.json(JSON.parse(response.body) as Task, 201);
}

/**
 * Paths are relative: the app mounts these at `/api/tasks`, and again behind
 * the compatibility prefix. Each handler parses with the schema, calls one
 * service function and shapes the reply; refusals are thrown and answered by
 * the app's one error table (../domain-errors.ts).
 */
export function taskRoutes(service: TaskService) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listTasks",
      summary: "List your tasks",
      description:
        '`view=today` (open, due today or before), `upcoming` (open, due today or later) and `overdue` (open, due before now) read "today" in your time zone and sort by due unless `sort` is given. Tasks of archived lists are left out unless `listId` names their list.',
      security,
      request: { query: TaskListQuerySchema },
      responses: { 200: json(TaskPageSchema, "A page of tasks"), ...refusals },
    }),
    async (c) => {
      const { cursor, dueBefore, dueAfter, ...query } = c.req.valid("query");
      const sort = query.sort ?? (query.view ? "dueAt" : "-createdAt");
      const decoded = cursor === undefined ? undefined : decodeTaskCursor(cursor, sort);
      if (cursor !== undefined && !decoded)
        throw new ProblemError(422, "The cursor is not valid for this sort.", {
          errors: [{ path: "cursor", message: "not a cursor from this list with this sort" }],
        });
      const page = await service.listTasks(c.var.user.id, {
        ...query,
        sort,
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
      operationId: "createTask",
      summary: "Create a task",
      security,
      request: {
        headers: z.object({
          "idempotency-key": z.string().optional().openapi({
            description:
              "Any 1–255 printable ASCII characters, new for each task you mean to create. A retry with the same key (kept 24 h) gets the first response and creates nothing; the same key with another body is 422; while the first is still running, 409.",
          }),
        }),
        body: { ...json(TaskCreateSchema, "The new task, or quick-add text"), required: true },
      },
      responses: {
        201: json(TaskSchema, "The created task (or, for a replayed Idempotency-Key, the first response)"),
        409: problem("A request with this Idempotency-Key is still running"),
        ...refusals,
      },
    }),
    async (c) => {
      const ownerId = c.var.user.id;
      const input = toCreateDraft(c.req.valid("json"));
      const idempotent = await idempotentCreate(c);
      return sendCreated(
        c,
        idempotent
          ? await service.createTaskOnce(ownerId, input, idempotent, created)
          : { response: created(await service.createTask(ownerId, input)), replayed: false },
      );
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/",
      operationId: "clearCompletedTasks",
      summary: "Clear completed tasks",
      description: "Requires `status=completed`; anything else is refused, so this can never wipe a list.",
      security,
      request: { query: ClearCompletedQuery },
      responses: { 200: json(z.object({ deleted: z.int() }), "How many tasks were deleted"), ...refusals },
    }),
    async (c) => c.json({ deleted: await service.clearCompleted(c.var.user.id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getTask",
      summary: "Read a task",
      security,
      request: { params: TaskIdParams },
      responses: { 200: json(TaskSchema, "The task"), 404: problem("No such task"), ...refusals },
    }),
    async (c) => {
      const row = await service.getTask(c.var.user.id, c.req.valid("param").id);
      c.header("ETag", etag(row.version));
      return c.json(toTask(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/completions",
      operationId: "listTaskCompletions",
      summary: "A recurring task's completions, oldest first",
      security,
      request: { params: TaskIdParams },
      responses: {
        200: json(CompletionPageSchema, "Each completion"),
        404: problem("No such task"),
        ...refusals,
      },
    }),
    async (c) => {
      const rows = await service.listCompletions(c.var.user.id, c.req.valid("param").id);
      return c.json({ items: rows.map(toCompletion) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}",
      operationId: "replaceTask",
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
        ...refusals,
      },
    }),
    async (c) => {
      const task = await service.updateTask(
        c.var.user.id,
        c.req.valid("param").id,
        withDefaults(c.req.valid("json")),
        expectedVersion(c.req.header("if-match")),
      );
      c.header("ETag", etag(task.version));
      return c.json(toTask(task), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateTask",
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
        ...refusals,
      },
    }),
    async (c) => {
      const task = await service.updateTask(
        c.var.user.id,
        c.req.valid("param").id,
        c.req.valid("json"),
        expectedVersion(c.req.header("if-match")),
      );
      c.header("ETag", etag(task.version));
      return c.json(toTask(task), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteTask",
      summary: "Delete a task",
      security,
      request: { params: TaskIdParams, headers: ifMatch },
      responses: {
        204: { description: "Deleted" },
        404: problem("No such task"),
        412: problem("Stale If-Match"),
        ...refusals,
      },
    }),
    async (c) => {
      await service.deleteTask(
        c.var.user.id,
        c.req.valid("param").id,
        expectedVersion(c.req.header("if-match")),
      );
      return c.body(null, 204);
    },
  );

  return app;
}
