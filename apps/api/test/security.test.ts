// Attacks on the API and the defences that must keep holding: every route
// behind the token check, the rest of the RFC 8725 / jwt_tool catalogue,
// per-address limits, the task cap, and logs that never hold a secret.
import net from "node:net";
import { createIdempotencyKeyStore, createListRepository } from "@todo/db";
import { sql } from "drizzle-orm";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type Stack, startStack } from "./support/stack";

const [embedded] = backends;
if (!embedded) throw new Error("no backend");

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;

let stack: Stack;
let alice: TestUser;

beforeAll(async () => {
  stack = await startStack(embedded);
  alice = await stack.auth.signUp("Alice");
});
afterAll(() => stack.close());

describe("every route under /api", () => {
  it("answers 401 without a token — generated from the router, so a new route cannot skip it", async () => {
    const routes = stack.app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/"));
    const seen = new Set(routes.map((r) => `${r.method} ${r.path}`));
    // The table must really be the router's: the contract's routes are all in it.
    for (const expected of [
      "GET /api/me",
      "DELETE /api/me",
      "GET /api/tasks",
      "POST /api/tasks",
      "DELETE /api/tasks",
      "GET /api/tasks/:id",
      "PUT /api/tasks/:id",
      "PATCH /api/tasks/:id",
      "DELETE /api/tasks/:id",
      "PATCH /api/:userId/tasks/:id/complete",
    ])
      expect(seen).toContain(expected);
    for (const route of routes) {
      const path = route.path
        .replace(":userId", alice.id)
        .replace(":id", "00000000-0000-4000-8000-000000000000");
      const hasBody = ["POST", "PUT", "PATCH"].includes(route.method);
      const response = await stack.request(path, {
        method: route.method,
        json: hasBody ? { title: "x" } : undefined,
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
  });
});

describe("more of the bad-token catalogue", () => {
  async function attackerToken(header: Record<string, unknown>) {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    return new SignJWT(claimsOf(alice.token))
      .setProtectedHeader({ alg: "EdDSA", ...header })
      .sign(privateKey);
  }

  it.each<[string, () => Promise<string>]>([
    [
      "an embedded jwk header naming the attacker's own key",
      async () => {
        const { publicKey, privateKey } = await generateKeyPair("EdDSA", {
          crv: "Ed25519",
          extractable: true,
        });
        const jwk = await exportJWK(publicKey);
        return new SignJWT(claimsOf(alice.token)).setProtectedHeader({ alg: "EdDSA", jwk }).sign(privateKey);
      },
    ],
    [
      "a jku header pointing at the attacker's key set",
      () => attackerToken({ jku: "http://127.0.0.1:9/jwks.json" }),
    ],
    ["an x5u header", () => attackerToken({ x5u: "http://127.0.0.1:9/cert.pem" })],
    ["a kid path traversal", () => attackerToken({ kid: "../../../../../../dev/null" })],
    ["a kid SQL injection", () => attackerToken({ kid: "x' or '1'='1" })],
    [
      "the real kid on the attacker's key",
      async () => {
        const kid = JSON.parse(Buffer.from(alice.token.split(".")[0] ?? "", "base64url").toString()).kid;
        return attackerToken({ kid });
      },
    ],
  ])("refuses %s", async (_name, make) => {
    const response = await stack.request("/api/me", { token: await make() });
    expect(response.status).toBe(401);
  });

  it("refuses a 20 KB token without reaching any handler", async () => {
    const [h, , s] = alice.token.split(".");
    const huge = `${h}.${b64({ ...claimsOf(alice.token), pad: "x".repeat(20_000) })}.${s}`;
    const response = await stack.request("/api/tasks", { token: huge });
    // Node refuses the oversized header itself (431); either way it is not served.
    expect([401, 431]).toContain(response.status);
  });

  it("refuses a token with a payload that is valid JSON but not an object", async () => {
    const [h, , s] = alice.token.split(".");
    for (const payload of [[], 42, null, "sub"])
      expect(
        (await stack.request("/api/me", { headers: { authorization: `Bearer ${h}.${b64(payload)}.${s}` } }))
          .status,
      ).toBe(401);
  });
});

describe("logs", () => {
  it("carry a request id on every line and in X-Request-Id, and never a token, cookie or password", async () => {
    const bob = await stack.auth.signUp("Bob");
    stack.logs.length = 0;
    const response = await stack.request("/api/tasks", {
      method: "POST",
      token: bob.token,
      json: { title: "logged" },
    });
    await stack.request(`/api/tasks?access_token=${bob.token}`);
    await stack.request("/api/me", {
      headers: { authorization: `Bearer ${bob.token}x`, cookie: bob.cookie },
    });
    await stack.request("/api/me", { headers: { authorization: "Basic dXNlcjpjb3JyZWN0IGhvcnNl" } });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[\w-]{8,}$/);
    expect(stack.logs.length).toBeGreaterThanOrEqual(4);
    const lines = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) expect(line.requestId).toEqual(expect.any(String));
    expect(lines.some((line) => line.requestId === id && line.status === 201 && line.userId === bob.id)).toBe(
      true,
    );
    const text = stack.logs.join("\n");
    for (const secret of [
      bob.token,
      bob.token.split(".")[2] ?? "",
      bob.cookie.split("=")[1] ?? "",
      "dXNlcjpjb3JyZWN0IGhvcnNl",
      "access_token",
    ])
      expect(text).not.toContain(secret);
  });

  it("take a well-formed X-Request-Id from the caller and replace a bad one", async () => {
    const given = await stack.request("/health", { headers: { "x-request-id": "trace-1234" } });
    expect(given.headers.get("x-request-id")).toBe("trace-1234");
    const bad = await stack.request("/health", { headers: { "x-request-id": "a\tb" } });
    expect(bad.headers.get("x-request-id")).not.toBe("a\tb");
  });
});

describe("limits", () => {
  it("answers 429 to an address that keeps sending bad tokens, while valid tokens still work", async () => {
    const limited = await startStack(embedded, { rateLimit: 3 });
    try {
      const user = await limited.auth.signUp();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await limited.request("/api/tasks", { token: "bad.token.value" })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const refused = await limited.request("/api/tasks");
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // Spoofing X-Forwarded-For does not help: it is ignored without TRUST_PROXY.
      expect(
        (await limited.request("/api/tasks", { headers: { "x-forwarded-for": "203.0.113.9" } })).status,
      ).toBe(429);
      expect((await limited.request("/api/me", { token: user.token })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("counts a whole IPv6 /64 as one address, so rotating addresses within it gains nothing", async () => {
    const limited = await startStack(embedded, { rateLimit: 3, trustProxy: true });
    try {
      const from = (address: string) =>
        limited.request("/api/tasks", { token: "bad.token.value", headers: { "x-forwarded-for": address } });
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++) statuses.push((await from(`2001:db8:7:8:${i}::${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // The neighbouring /64 is another subscriber.
      expect((await from("2001:db8:7:9::1")).status).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it("caps one user at 10,000 tasks with a clear 422", async () => {
    const bob = await stack.auth.signUp("Bob");
    const inbox = await createListRepository(stack.db.handle.db).ensureInboxForOwner(bob.id);
    await stack.db.handle.db.execute(
      sql`insert into tasks (owner_id, list_id, title) select ${bob.id}, ${inbox}, 'seed ' || n from generate_series(1, 9999) n`,
    );
    const last = await stack.request("/api/tasks", {
      method: "POST",
      token: bob.token,
      json: { title: "10,000th" },
    });
    expect(last.status).toBe(201);
    const over = await stack.request("/api/tasks", {
      method: "POST",
      token: bob.token,
      json: { title: "one more" },
    });
    expect(over.status).toBe(422);
    expect(over.body.detail).toContain("10,000");
    expect(
      (await stack.request("/api/tasks", { method: "POST", token: alice.token, json: { title: "fine" } }))
        .status,
    ).toBe(201);
  });

  it("cannot be overshot by concurrent creates", async () => {
    const capped = await startStack(embedded, { maxTasksPerUser: 5 });
    try {
      const user = await capped.auth.signUp();
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          capped
            .request("/api/tasks", { method: "POST", token: user.token, json: { title: `t${i}` } })
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 422)).toHaveLength(15);
      expect((await capped.request("/api/tasks?limit=100", { token: user.token })).body.items).toHaveLength(
        5,
      );
    } finally {
      await capped.close();
    }
  });

  it("refuses request headers over 16 KiB before the app sees them", async () => {
    const url = new URL(stack.api.url);
    const status = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () =>
        socket.write(
          `GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\nConnection: close\r\n\r\n`,
        ),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("end", () => resolve(text.split("\r\n")[0] ?? ""));
      socket.on("error", reject);
    });
    expect(status).toBe("HTTP/1.1 431 Request Header Fields Too Large");
  });
});

describe("DELETE /api/me", () => {
  it("erases all of the caller's tasks and nobody else's", async () => {
    const carol = await stack.auth.signUp("Carol");
    const dave = await stack.auth.signUp("Dave");
    for (const user of [carol, carol, dave])
      await stack.request("/api/tasks", { method: "POST", token: user.token, json: { title: "x" } });
    const erased = await stack.request("/api/me", { method: "DELETE", token: carol.token });
    expect(erased.body).toEqual({ deleted: 2 });
    expect((await stack.request("/api/tasks", { token: carol.token })).body.items).toHaveLength(0);
    expect((await stack.request("/api/tasks", { token: dave.token })).body.items).toHaveLength(1);
  });

  it("also forgets the caller's idempotency keys, whose stored responses hold task text", async () => {
    const erin = await stack.auth.signUp("Erin");
    const create = () =>
      stack.request("/api/tasks", {
        method: "POST",
        token: erin.token,
        json: { title: "private words" },
        headers: { "idempotency-key": "k-1" },
      });
    const first = await create();
    expect((await create()).headers.get("idempotent-replayed")).toBe("true");
    await stack.request("/api/me", { method: "DELETE", token: erin.token });
    expect(first.status).toBe(201);
    expect(
      await createIdempotencyKeyStore(stack.db.handle.db).findKeyForOwner(erin.id, "k-1"),
    ).toBeUndefined();
    // Neither replayed nor created again: the account is gone.
    const after = await create();
    expect(after.status).toBe(401);
    expect(after.headers.get("idempotent-replayed")).toBeNull();
  });
});
