// The auth configuration's browser-facing guarantees, on the real Better Auth
// handler: cookies that scripts cannot read and other sites cannot send, Secure
// over https, and Better Auth's origin check refusing other sites' requests.
import { randomBytes } from "node:crypto";
import { createDb, type DbHandle } from "@todo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "@/lib/auth-factory.server";

let db: DbHandle;
beforeAll(async () => {
  db = createDb({ dataDir: null, service: "web" });
  await db.migrate("auth");
});
afterAll(() => db.close());

function authAt(baseURL: string) {
  return createAuth({
    db: db.db,
    secret: randomBytes(32).toString("hex"),
    baseURL,
    apiURL: "https://api.todo.example",
    jwtExpiresIn: "15m",
    authRateLimit: 0,
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
