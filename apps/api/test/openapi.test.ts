// The OpenAPI document is a contract clients build on: committed as
// docs/openapi.json with its generated TypeScript types, lint clean under
// Redocly's recommended rules, and usable as it is by a typed client.
import { readFileSync } from "node:fs";
import type { paths } from "@todo/contract/openapi";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DOCUMENT_FILE,
  lintOpenApi,
  openApiDocument,
  openApiTypes,
  REFERENCE_FILE,
  TYPES_FILE,
} from "../scripts/openapi";
import { openApiMarkdown } from "../scripts/openapi-markdown";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type Stack, startStack } from "./support/stack";

const [embedded] = backends;
if (!embedded) throw new Error("no backend");

describe("the OpenAPI document", () => {
  let document: string;
  beforeAll(async () => {
    document = await openApiDocument();
  });

  it("is lint clean under Redocly's recommended rules", async () => {
    expect(await lintOpenApi(document)).toEqual([]);
  });

  it("is committed as generated, with its TypeScript types and reference page (npm run openapi)", async () => {
    expect(readFileSync(DOCUMENT_FILE, "utf8")).toBe(document);
    expect(readFileSync(TYPES_FILE, "utf8")).toBe(await openApiTypes(document));
    expect(readFileSync(REFERENCE_FILE, "utf8")).toBe(openApiMarkdown(document));
  });

  it("names every operation and gives each a 4xx answer", () => {
    const parsed = JSON.parse(document) as {
      paths: Record<string, Record<string, { operationId?: string; responses: object }>>;
    };
    const operations = Object.values(parsed.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(Object.keys(operation.responses).some((status) => status.startsWith("4"))).toBe(true);
    }
  });
});

describe("a client generated from the document", () => {
  let stack: Stack;
  let user: TestUser;
  beforeAll(async () => {
    stack = await startStack(embedded);
    user = await stack.auth.signUp();
  });
  afterAll(() => stack.close());

  it("creates, lists, patches and deletes a task, typed end to end", async () => {
    const api = createClient<paths>({
      baseUrl: stack.api.url,
      headers: { authorization: `Bearer ${user.token}` },
    });
    const created = await api.POST("/api/tasks", { body: { title: "typed", tags: ["Contract"] } });
    expect(created.response.status).toBe(201);
    const id = created.data?.id ?? "";
    expect(created.data?.tags).toEqual(["contract"]);

    const listed = await api.GET("/api/tasks", { params: { query: { q: "typed", sort: "title" } } });
    expect(listed.data?.items.map((task) => task.id)).toEqual([id]);

    const patched = await api.PATCH("/api/tasks/{id}", {
      params: { path: { id }, header: { "if-match": `"${created.data?.version}"` } },
      body: { completed: true },
    });
    expect(patched.data).toMatchObject({ completed: true, version: 2 });

    const stale = await api.DELETE("/api/tasks/{id}", {
      params: { path: { id }, header: { "if-match": '"1"' } },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ status: 412 });

    expect((await api.DELETE("/api/tasks/{id}", { params: { path: { id } } })).response.status).toBe(204);
    const gone = await api.GET("/api/tasks/{id}", { params: { path: { id } } });
    expect(gone.error).toMatchObject({ status: 404, title: "Not Found" });
  });
});
