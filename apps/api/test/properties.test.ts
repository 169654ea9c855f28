// Property-based tests (fast-check): whatever a client sends — bodies, query
// strings, Authorization headers — the API answers with a 4xx or success,
// never a 500, and never with another user's data.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type Stack, startStack } from "./support/stack";

const [embedded] = backends;
if (!embedded) throw new Error("no backend");

let stack: Stack;
let owner: TestUser;
let other: TestUser;
let othersTaskId: string;
const OTHERS_MARK = "belongs-to-other";

beforeAll(async () => {
  stack = await startStack(embedded);
  owner = await stack.auth.signUp("Owner");
  other = await stack.auth.signUp("Other");
  const created = await stack.request("/api/tasks", {
    method: "POST",
    token: other.token,
    json: { title: OTHERS_MARK, description: OTHERS_MARK, tags: [OTHERS_MARK.slice(0, 30)] },
  });
  othersTaskId = created.body.id;
});
afterAll(() => stack.close());

const field = fc.constantFrom(
  "title",
  "description",
  "completed",
  "priority",
  "dueAt",
  "tags",
  "userId",
  "id",
  "version",
);
const value = fc.oneof(
  fc.string({ maxLength: 250 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("none", "low", "medium", "high", "2030-01-01T00:00:00Z", "\u0000", "", " "),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 40 }), { maxLength: 25 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const body = fc.oneof(fc.dictionary(field, value, { maxKeys: 6 }), fc.jsonValue({ maxDepth: 3 }));

describe("request bodies", () => {
  it("POST answers 201 or 422, never 500, and the task is the caller's", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const response = await stack.request("/api/tasks", { method: "POST", token: owner.token, json });
        expect([201, 422]).toContain(response.status);
        if (response.status === 201) {
          expect((await stack.request(`/api/tasks/${response.body.id}`, { token: other.token })).status).toBe(
            404,
          );
          expect((await stack.request(`/api/tasks/${response.body.id}`, { token: owner.token })).status).toBe(
            200,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it("PATCH of another user's task is always 404 or 422, and changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const response = await stack.request(`/api/tasks/${othersTaskId}`, {
          method: "PATCH",
          token: owner.token,
          json,
        });
        expect([404, 422]).toContain(response.status);
      }),
      { numRuns: 100 },
    );
    const untouched = await stack.request(`/api/tasks/${othersTaskId}`, { token: other.token });
    expect(untouched.body).toMatchObject({ title: OTHERS_MARK, version: 1 });
  });

  it("arbitrary bytes as a body are 400, 415 or 422, never 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom("application/json", "text/plain", ""),
        async (text, type) => {
          const headers: Record<string, string> = type ? { "content-type": type } : {};
          const response = await stack.request("/api/tasks", {
            method: "POST",
            token: owner.token,
            body: text,
            headers,
          });
          expect(response.status).toBeLessThan(500);
          expect([201, 400, 415, 422]).toContain(response.status);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("query strings", () => {
  const key = fc.constantFrom(
    "status",
    "q",
    "priority",
    "tag",
    "dueBefore",
    "dueAfter",
    "sort",
    "limit",
    "cursor",
    "userId",
  );
  it("the list answers 200 or 422 and only ever holds the caller's tasks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          key,
          fc.oneof(
            fc.string({ maxLength: 60 }),
            fc.constantFrom(other.id, OTHERS_MARK, "-title", "completed"),
          ),
          { maxKeys: 5 },
        ),
        async (query) => {
          const response = await stack.request(`/api/tasks?${new URLSearchParams(query)}`, {
            token: owner.token,
          });
          expect([200, 422]).toContain(response.status);
          expect(JSON.stringify(response.body)).not.toContain(OTHERS_MARK);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("requireUser", () => {
  it("answers 401 to any Authorization header that is not a valid token, never 500", async () => {
    const segment = fc.oneof(fc.base64String({ maxLength: 80 }), fc.string({ maxLength: 40 }));
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .tuple(fc.constantFrom("Bearer ", "bearer ", "Bearer", "Basic ", ""), segment, segment, segment)
        .map(([scheme, a, b, c]) => `${scheme}${a}.${b}.${c}`),
      // The real token with one segment replaced.
      fc.tuple(fc.integer({ min: 0, max: 2 }), segment).map(([i, s]) => {
        const pieces = owner.token.split(".");
        pieces[i] = s;
        return `Bearer ${pieces.join(".")}`;
      }),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        // Header values Node cannot send are not requests an attacker can make either.
        if (!/^[\t\x20-\x7e]*$/.test(authorization) || authorization.trim() === `Bearer ${owner.token}`)
          return;
        const response = await stack.request("/api/tasks", { headers: { authorization } });
        expect(response.status).toBe(401);
      }),
      { numRuns: 200 },
    );
  });
});

describe("compatibility paths", () => {
  /** Each character of `text` either as it is or percent-encoded, in either case of hex digit. */
  const anyEncoding = (text: string) =>
    fc
      .array(fc.constantFrom("plain", "lower", "upper"), { minLength: text.length, maxLength: text.length })
      .map((choices) =>
        [...text]
          .map((char, i) => {
            const hex = char.charCodeAt(0).toString(16).padStart(2, "0");
            return choices[i] === "plain" ? char : `%${choices[i] === "lower" ? hex : hex.toUpperCase()}`;
          })
          .join(""),
      );

  it("serve the caller under any percent-encoding of their id, exactly like the canonical route", async () => {
    const canonical = await stack.request("/api/tasks?limit=100", { token: owner.token });
    await fc.assert(
      fc.asyncProperty(anyEncoding(owner.id), async (encodedId) => {
        const response = await stack.request(`/api/${encodedId}/tasks?limit=100`, { token: owner.token });
        expect(response.status).toBe(200);
        expect(response.body).toEqual(canonical.body);
      }),
      { numRuns: 60 },
    );
  });

  it("refuse any encoding of another id, or of a string close to the caller's, with 403", async () => {
    const otherIds = fc.oneof(
      anyEncoding(other.id),
      fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)),
      fc.constantFrom(`${owner.id}%2F`, `${owner.id}%00`, `%2F${owner.id}`, `${owner.id.toUpperCase()}`),
    );
    await fc.assert(
      fc.asyncProperty(
        otherIds,
        fc.constantFrom("", "/00000000-0000-4000-8000-000000000000"),
        async (id, rest) => {
          const response = await stack.request(`/api/${id}/tasks${rest}`, { token: owner.token });
          // "tasks" as the id is the canonical /api/tasks/tasks: a malformed task id, so 422.
          expect(id === "tasks" ? [403, 404, 422] : [403, 404]).toContain(response.status);
          expect(JSON.stringify(response.body)).not.toContain(OTHERS_MARK);
        },
      ),
      { numRuns: 150 },
    );
  });
});
