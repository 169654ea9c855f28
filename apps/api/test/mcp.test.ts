// The MCP server (SPEC §11) through the official MCP client over real HTTP,
// with access tokens from the real OAuth flow of the web app's Better Auth
// (dynamic registration, PKCE S256, consent, code exchange): every tool,
// two users' isolation through every tool, user_id refused when it is not
// the caller's, audience separation both ways, the 401 challenge and the
// protected-resource metadata, refresh rotation and revocation.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { McpGrant, TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { AUDIENCE, type Stack, startStack } from "./support/stack";

const MCP_RESOURCE = `${AUDIENCE}/mcp`;
const METADATA_URL = `${AUDIENCE}/.well-known/oauth-protected-resource/mcp`;
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

interface ToolResult {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}
interface TaskOut {
  id: string;
  title: string;
  completed: boolean;
  priority: string;
  dueDate: string | null;
  dueAt: string | null;
  tags: string[];
  listId: string;
  description: string | null;
}

describe.each(backends)("MCP server on $name", (backend) => {
  let stack: Stack;
  let alice: TestUser;
  let bob: TestUser;
  let aliceGrant: McpGrant;
  let bobGrant: McpGrant;
  let asAlice: Client;
  let asBob: Client;
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: "todo-tests", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.api.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }
  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const taskOf = (result: ToolResult) => (result.structuredContent as { task: TaskOut }).task;
  const textOf = (result: ToolResult) => result.content.map((block) => block.text ?? "").join("\n");

  beforeAll(async () => {
    stack = await startStack(backend);
    alice = await stack.auth.signUp("Alice");
    bob = await stack.auth.signUp("Bob");
    aliceGrant = await stack.auth.mcpGrant(alice, MCP_RESOURCE, "Alice's Agent");
    bobGrant = await stack.auth.mcpGrant(bob, MCP_RESOURCE);
    asAlice = await connect(aliceGrant.accessToken);
    asBob = await connect(bobGrant.accessToken);
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => {});
    await stack?.close();
  });

  describe("discovery and the 401 challenge", () => {
    it("serves the RFC 9728 metadata naming the web app as authorization server", async () => {
      const response = await stack.request("/.well-known/oauth-protected-resource/mcp");
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        resource: MCP_RESOURCE,
        authorization_servers: [stack.auth.issuer],
        bearer_methods_supported: ["header"],
      });
    });

    it("the authorization server's RFC 8414 metadata offers code + PKCE S256 and registration only", async () => {
      const response = await fetch(`${stack.auth.issuer}/.well-known/oauth-authorization-server`);
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata.issuer).toBe(stack.auth.issuer);
      expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
      expect(metadata.response_types_supported).toEqual(["code"]);
      expect(metadata.grant_types_supported).toEqual(["authorization_code", "refresh_token"]);
      expect(metadata.registration_endpoint).toBe(`${stack.auth.issuer}/api/auth/oauth2/register`);
    });

    it("answers a request without a token with 401 and WWW-Authenticate resource_metadata", async () => {
      const response = await stack.request("/mcp", {
        method: "POST",
        json: { jsonrpc: "2.0", id: 1, method: "tools/list" },
        headers: { accept: "application/json, text/event-stream" },
      });
      expect(response.status).toBe(401);
      const challenge = response.headers.get("www-authenticate") ?? "";
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(`resource_metadata="${METADATA_URL}"`);
    });

    it("the official client without a token fails to connect", async () => {
      const client = new Client({ name: "anonymous", version: "1.0.0" });
      await expect(
        client.connect(new StreamableHTTPClientTransport(new URL(`${stack.api.url}/mcp`))),
      ).rejects.toThrow();
    });
  });

  describe("audience separation", () => {
    it("refuses a task-API token (aud API_URL) at /mcp", async () => {
      const response = await stack.request("/mcp", {
        method: "POST",
        token: alice.token,
        json: { jsonrpc: "2.0", id: 1, method: "tools/list" },
        headers: { accept: "application/json, text/event-stream" },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("resource_metadata=");
      await expect(connect(alice.token)).rejects.toThrow();
    });

    it("refuses an MCP token (aud API_URL/mcp) on /api/*", async () => {
      for (const path of ["/api/tasks", "/api/me", "/api/lists"]) {
        const response = await stack.request(path, { token: aliceGrant.accessToken });
        expect(response.status, path).toBe(401);
      }
    });

    it("the MCP token is an EdDSA JWT for the MCP audience, naming the user", () => {
      const [header, payload] = aliceGrant.accessToken.split(".");
      expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toMatchObject({ alg: "EdDSA" });
      const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ aud: MCP_RESOURCE, iss: stack.auth.issuer, sub: alice.id });
      expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(15 * 60);
    });
  });

  describe("tools", () => {
    it("lists every tool with input and output schemas and annotations", async () => {
      const { tools } = await asAlice.listTools();
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      expect([...byName.keys()].sort()).toEqual([
        "add_task",
        "complete_task",
        "delete_task",
        "list_lists",
        "list_tasks",
        "quick_add",
        "update_task",
      ]);
      for (const tool of tools) {
        expect(tool.inputSchema.type, tool.name).toBe("object");
        expect(tool.outputSchema?.type, tool.name).toBe("object");
        expect(tool.inputSchema.properties, tool.name).toHaveProperty("user_id");
      }
      expect(byName.get("delete_task")?.annotations?.destructiveHint).toBe(true);
      expect(byName.get("list_tasks")?.annotations?.readOnlyHint).toBe(true);
      expect(byName.get("list_lists")?.annotations?.readOnlyHint).toBe(true);
    });

    it("calls every tool, with structured results and a text rendering", async () => {
      const list = await stack.request("/api/lists", {
        method: "POST",
        token: alice.token,
        json: { name: "Groceries" },
      });
      expect(list.status).toBe(201);

      const added = await call(asAlice, "add_task", {
        title: "Buy milk",
        description: "semi-skimmed",
        due: "2031-05-01",
        priority: "high",
        tags: ["Shop", "shop"],
        list: "groceries",
      });
      expect(added.isError).toBeFalsy();
      const milk = taskOf(added);
      expect(milk).toMatchObject({
        title: "Buy milk",
        description: "semi-skimmed",
        dueDate: "2031-05-01",
        dueAt: null,
        priority: "high",
        tags: ["shop"],
        listId: list.body.id,
      });
      expect(textOf(added)).toContain("Buy milk");

      const timed = taskOf(
        await call(asAlice, "add_task", { title: "Call Bob", due: "2031-05-02T09:30:00+02:00" }),
      );
      expect(timed.dueAt).toBe("2031-05-02T07:30:00.000Z");
      const phrased = taskOf(await call(asAlice, "add_task", { title: "Water plants", due: "tomorrow 5pm" }));
      expect(phrased.dueAt).not.toBeNull();
      const vague = await call(asAlice, "add_task", { title: "Vague", due: "whenever it suits" });
      expect(vague.isError).toBe(true);

      const quick = await call(asAlice, "quick_add", {
        text: "Pay rent every month on the 1st p1 #Groceries @bills",
      });
      expect(quick.isError).toBeFalsy();
      expect(taskOf(quick)).toMatchObject({
        title: "Pay rent",
        priority: "high",
        tags: ["bills"],
        listId: list.body.id,
      });

      const lists = await call(asAlice, "list_lists");
      const names = (lists.structuredContent as { lists: { name: string; openTaskCount: number }[] }).lists;
      expect(names.find((l) => l.name === "Groceries")?.openTaskCount).toBe(2);
      expect(textOf(lists)).toContain("Groceries");

      const updated = await call(asAlice, "update_task", {
        task_id: milk.id,
        title: "Buy oat milk",
        due: null,
        tags: ["vegan"],
        description: null,
        priority: "low",
      });
      expect(taskOf(updated)).toMatchObject({
        title: "Buy oat milk",
        dueDate: null,
        tags: ["vegan"],
        description: null,
        priority: "low",
      });

      const completed = await call(asAlice, "complete_task", { task_id: timed.id });
      expect(taskOf(completed).completed).toBe(true);

      const titles = async (args: Record<string, unknown>) => {
        const result = await call(asAlice, "list_tasks", args);
        expect(result.isError, JSON.stringify(args)).toBeFalsy();
        return (result.structuredContent as { tasks: TaskOut[] }).tasks.map((t) => t.title).sort();
      };
      expect(await titles({})).toEqual(["Buy oat milk", "Call Bob", "Pay rent", "Water plants"]);
      expect(await titles({ status: "completed" })).toEqual(["Call Bob"]);
      expect(await titles({ status: "pending" })).toEqual(["Buy oat milk", "Pay rent", "Water plants"]);
      expect(await titles({ list: "GROCERIES" })).toEqual(["Buy oat milk", "Pay rent"]);
      expect(await titles({ q: "oat" })).toEqual(["Buy oat milk"]);
      expect(await titles({ view: "upcoming" })).toContain("Water plants");
      const limited = await call(asAlice, "list_tasks", { limit: 1 });
      expect(limited.structuredContent).toMatchObject({ hasMore: true });

      const deleted = await call(asAlice, "delete_task", { task_id: milk.id });
      expect(deleted.structuredContent).toEqual({ deleted: true, task_id: milk.id });
      expect(await titles({})).toEqual(["Call Bob", "Pay rent", "Water plants"]);
      const again = await call(asAlice, "delete_task", { task_id: milk.id });
      expect(again.isError).toBe(true);
    });
  });

  describe("isolation and user_id", () => {
    let secret: TaskOut;
    beforeAll(async () => {
      secret = taskOf(await call(asAlice, "add_task", { title: "alice secret plan", tags: ["private"] }));
    });

    it("B cannot see, complete, update or delete A's task: the same answer as a missing id", async () => {
      for (const [tool, extra] of [
        ["complete_task", {}],
        ["delete_task", {}],
        ["update_task", { title: "pwned" }],
      ] as const) {
        const theirs = await call(asBob, tool, { task_id: secret.id, ...extra });
        const missing = await call(asBob, tool, { task_id: MISSING_ID, ...extra });
        expect(theirs.isError, tool).toBe(true);
        expect(textOf(theirs), tool).toBe(textOf(missing));
      }
      const bobs = await call(asBob, "list_tasks", { q: "secret" });
      expect((bobs.structuredContent as { tasks: TaskOut[] }).tasks).toEqual([]);
      const all = await call(asBob, "list_tasks", {});
      expect(textOf(all)).not.toContain("alice");
      const bobLists = await call(asBob, "list_lists");
      expect(textOf(bobLists)).not.toContain("Groceries");
      expect((await call(asBob, "list_tasks", { list: "Groceries" })).isError).toBe(true);
      expect((await call(asBob, "add_task", { title: "x", list: "Groceries" })).isError).toBe(true);
      const quick = taskOf(await call(asBob, "quick_add", { text: "bob thing #Groceries" }));
      const aliceLists = await stack.request("/api/lists", { token: alice.token });
      const aliceIds = (aliceLists.body.items as { id: string }[]).map((l) => l.id);
      expect(aliceIds).not.toContain(quick.listId);

      const still = await stack.request(`/api/tasks/${secret.id}`, { token: alice.token });
      expect(still.body).toMatchObject({ title: "alice secret plan", completed: false });
    });

    it("refuses a user_id that is not the caller's on every tool, and accepts the caller's own", async () => {
      const calls: [string, Record<string, unknown>][] = [
        ["add_task", { title: "sneaky" }],
        ["list_tasks", {}],
        ["complete_task", { task_id: secret.id }],
        ["delete_task", { task_id: secret.id }],
        ["update_task", { task_id: secret.id, title: "sneaky" }],
        ["list_lists", {}],
        ["quick_add", { text: "sneaky" }],
      ];
      for (const [tool, args] of calls) {
        const refused = await call(asBob, tool, { ...args, user_id: alice.id });
        expect(refused.isError, tool).toBe(true);
        expect(textOf(refused), tool).toContain("user_id");
      }
      const own = await call(asAlice, "list_tasks", { user_id: alice.id });
      expect(own.isError).toBeFalsy();
      const still = await stack.request(`/api/tasks/${secret.id}`, { token: alice.token });
      expect(still.body).toMatchObject({ title: "alice secret plan", completed: false });
      const bobTitles = await stack.request("/api/tasks", { token: bob.token });
      expect((bobTitles.body.items as { title: string }[]).map((t) => t.title)).not.toContain("sneaky");
    });
  });

  describe("refresh and revocation", () => {
    it("rotates refresh tokens: the old one stops working", async () => {
      const grant = await stack.auth.mcpGrant(alice, MCP_RESOURCE, "Rotating Agent");
      const first = await stack.auth.refresh(grant);
      expect(first.status).toBe(200);
      expect(first.body.refresh_token).not.toBe(grant.refreshToken);
      const replay = await stack.auth.refresh(grant);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe("invalid_grant");
    });

    it("a revoked app's refresh fails; its access tokens are short-lived JWTs", async () => {
      const grant = await stack.auth.mcpGrant(bob, MCP_RESOURCE, "Revoked Agent");
      const consent = (await stack.auth.consents(bob)).find((c) => c.clientId === grant.clientId);
      expect(consent).toBeDefined();
      // Someone else cannot revoke it.
      expect(await stack.auth.revokeConsent(alice, consent?.id ?? "")).not.toBe(200);
      expect((await stack.auth.refresh(grant)).status).toBe(200);
      const fresh = await stack.auth.mcpGrant(bob, MCP_RESOURCE, "Revoked Agent 2");
      const freshConsent = (await stack.auth.consents(bob)).find((c) => c.clientId === fresh.clientId);
      expect(await stack.auth.revokeConsent(bob, freshConsent?.id ?? "")).toBe(200);
      const refused = await stack.auth.refresh(fresh);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe("invalid_grant");
      expect((await stack.auth.consents(bob)).map((c) => c.clientId)).not.toContain(fresh.clientId);
    });
  });
});
