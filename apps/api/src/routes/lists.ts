// The list routes (SPEC §7): each handler parses with the contract's schema,
// calls one service function and shapes the reply; refusals are thrown and
// answered by the app's one error table (../domain-errors.ts).
import { createRoute, z } from "@hono/zod-openapi";
import {
  type List,
  ListCollectionSchema,
  ListInputSchema,
  ListPatchSchema,
  ListSchema,
} from "@todo/contract/list-schemas";
import type { ListWithCount } from "@todo/db";
import { createRouter } from "../router";
import type { ListService } from "../services/lists";
import { etag, expectedVersion } from "./if-match";
import { json, problem, refusals, security } from "./openapi-helpers";

const ListIdParams = z.object({ id: z.guid().openapi({ param: { name: "id", in: "path" } }) });
const ifMatch = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: 'Only change the list if it is at this version: `"3"`' }),
});

export function toList(row: ListWithCount): List {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    position: row.position,
    isInbox: row.isInbox,
    archived: row.archived,
    openTaskCount: row.openTaskCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function listRoutes(service: ListService) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listLists",
      summary: "Your lists: the Inbox first, then by position",
      description: "Your Inbox is made on your first request if you have none yet.",
      security,
      responses: { 200: json(ListCollectionSchema, "Every list, archived ones included"), ...refusals },
    }),
    async (c) => c.json({ items: (await service.listLists(c.var.user.id)).map(toList) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createList",
      summary: "Create a list",
      security,
      request: { body: { ...json(ListInputSchema, "The new list"), required: true } },
      responses: {
        201: json(ListSchema, "The created list"),
        409: problem("You already have a list of this name (ignoring case)"),
        ...refusals,
      },
    }),
    async (c) => {
      const list = toList(await service.createList(c.var.user.id, c.req.valid("json")));
      c.header("Location", `/api/lists/${list.id}`);
      c.header("ETag", etag(list.version));
      return c.json(list, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getList",
      summary: "Read a list",
      security,
      request: { params: ListIdParams },
      responses: { 200: json(ListSchema, "The list"), 404: problem("No such list"), ...refusals },
    }),
    async (c) => {
      const list = toList(await service.getList(c.var.user.id, c.req.valid("param").id));
      c.header("ETag", etag(list.version));
      return c.json(list, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateList",
      summary: "Rename, recolour, move or archive a list",
      description: "The Inbox cannot be renamed or archived (422).",
      security,
      request: {
        params: ListIdParams,
        headers: ifMatch,
        body: { ...json(ListPatchSchema, "The fields to change"), required: true },
      },
      responses: {
        200: json(ListSchema, "The updated list"),
        404: problem("No such list"),
        409: problem("You already have a list of this name (ignoring case)"),
        412: problem("Stale If-Match"),
        ...refusals,
      },
    }),
    async (c) => {
      const list = toList(
        await service.updateList(
          c.var.user.id,
          c.req.valid("param").id,
          c.req.valid("json"),
          expectedVersion(c.req.header("if-match")),
        ),
      );
      c.header("ETag", etag(list.version));
      return c.json(list, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteList",
      summary: "Delete a list and its tasks",
      description: "In one transaction. The Inbox cannot be deleted (422).",
      security,
      request: { params: ListIdParams, headers: ifMatch },
      responses: {
        204: { description: "Deleted, with its tasks" },
        404: problem("No such list"),
        412: problem("Stale If-Match"),
        ...refusals,
      },
    }),
    async (c) => {
      await service.deleteList(
        c.var.user.id,
        c.req.valid("param").id,
        expectedVersion(c.req.header("if-match")),
      );
      return c.body(null, 204);
    },
  );

  return app;
}
