// The auth configuration's browser-facing guarantees, on the real Better Auth
// handler: cookies that scripts cannot read and other sites cannot send, Secure
// over https, and Better Auth's origin check refusing other sites' requests.
import { randomBytes } from "node:crypto";
import { createDb, type DbHandle } from "@todo/db";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuth } from "@/lib/auth-factory.server";

let db: DbHandle;
beforeAll(async () => {
  db = createDb({ dataDir: null, service: "web" });
  await db.migrate("auth");
});
afterAll(() => db.close());

function authAt(baseURL: string, authRateLimit = 0) {
  return createAuth({
    db: db.db,
    secret: randomBytes(32).toString("hex"),
    baseURL,
    apiURL: "https://api.todo.example",
    jwtExpiresIn: "15m",
    authRateLimit,
  });
}

const signUp = (auth: ReturnType<typeof authAt>, baseURL: string, origin = baseURL) =>
  auth.handler(
    new Request(`${baseURL}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({
        name: "C",
        email: `c-${randomBytes(4).toString("hex")}@example.test`,
        password: "a long passphrase",
      }),
    }),
  );

describe("session cookies", () => {
  it("are HttpOnly, SameSite=Lax and Secure (with the __Secure- prefix) over https", async () => {
    const base = "https://todo.example";
    const response = await signUp(authAt(base), base);
    expect(response.status).toBe(200);
    const session = response.headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(session).toMatch(/^__Secure-/);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });

  it("are not marked Secure on plain http (local runs), but still HttpOnly and SameSite=Lax", async () => {
    const base = "http://localhost:3000";
    const session = (await signUp(authAt(base), base)).headers
      .getSetCookie()
      .find((c) => c.includes("session_token"));
    expect(session).not.toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });
});

describe("origin and CSRF checks (on in every mode, tests included)", () => {
  const base = "https://todo.example";

  it("refuse a cookie-carrying request from another site", async () => {
    const auth = authAt(base);
    const cookie = cookieHeader(await signUp(auth, base));
    const response = await auth.handler(
      new Request(`${base}/api/auth/revoke-sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", cookie },
        body: "{}",
      }),
    );
    expect(response.status).toBe(403);
    // The same request from our own origin goes through.
    const own = await auth.handler(
      new Request(`${base}/api/auth/revoke-sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, cookie },
        body: "{}",
      }),
    );
    expect(own.status).toBe(200);
  });

  it("refuse a cross-site sign-in (login CSRF), judged by Fetch Metadata", async () => {
    const auth = authAt(base);
    const response = await auth.handler(
      new Request(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
          "sec-fetch-mode": "navigate",
          "sec-fetch-dest": "document",
        },
        body: JSON.stringify({ email: "someone@example.test", password: "a long passphrase" }),
      }),
    );
    expect(response.status).toBe(403);
  });
});

function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

describe("sign-in limits", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refuse the 6th attempt in a minute for one email, and allow attempts again in the next minute", async () => {
    // Only Date is faked: the database keeps its real timers.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:10Z"));
    const base = "https://todo.example";
    const auth = authAt(base, 5);
    const attempt = (n: number) =>
      auth.handler(
        new Request(`${base}/api/auth/sign-in/email`, {
          method: "POST",
          // Each attempt from its own address: only the per-email count is in play.
          headers: { "content-type": "application/json", origin: base, "x-forwarded-for": `198.51.100.${n}` },
          body: JSON.stringify({ email: "reset@example.test", password: `guess number ${n}` }),
        }),
      );
    const statuses: number[] = [];
    for (let n = 1; n <= 6; n++) statuses.push((await attempt(n)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    vi.setSystemTime(new Date("2030-01-01T00:01:05Z"));
    expect((await attempt(7)).status).toBe(401);
  });
});
