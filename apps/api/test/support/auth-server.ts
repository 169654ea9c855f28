// A real Better Auth instance (the web app's own configuration) served over
// real HTTP on a throwaway database: tokens in the tests come from its real
// sign-up, sign-in and /token endpoints.
import { randomBytes, randomUUID } from "node:crypto";
import { createDb } from "@todo/db";
import { createAuth } from "@todo/web/auth-factory";
import { sql } from "drizzle-orm";
import { listen } from "./http";

export interface TestUser {
  id: string;
  email: string;
  name: string;
  cookie: string;
  token: string;
}

export async function startAuthServer(options: { apiURL: string; jwtExpiresIn?: string }) {
  const handle = createDb({ dataDir: null, service: "web" });
  await handle.migrate("auth");
  let auth: ReturnType<typeof createAuth> | undefined;
  const server = await listen((request) => {
    if (!auth) throw new Error("auth server not ready");
    return auth.handler(request);
  });
  auth = createAuth({
    db: handle.db,
    secret: randomBytes(32).toString("hex"),
    baseURL: server.url,
    apiURL: options.apiURL,
    jwtExpiresIn: options.jwtExpiresIn ?? "15m",
    authRateLimit: 0,
  });
  const issuer = server.url;
  const ready = auth;

  async function signUp(name = "Test User"): Promise<TestUser> {
    const email = `user-${randomUUID()}@example.test`;
    const response = await fetch(`${issuer}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: issuer },
      body: JSON.stringify({ name, email, password: "correct horse battery staple" }),
    });
    if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    const { user } = (await response.json()) as { user: { id: string } };
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { id: user.id, email, name, cookie, token: await tokenFor(cookie) };
  }

  async function tokenFor(cookie: string): Promise<string> {
    const response = await fetch(`${issuer}/api/auth/token`, { headers: { cookie } });
    if (!response.ok) throw new Error(`token failed: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  return {
    issuer,
    jwksUrl: new URL(`${issuer}/api/auth/jwks`),
    signUp,
    tokenFor,
    /** Signs any payload with the issuer's real current key (server-only Better Auth endpoint). */
    async signPayload(payload: Record<string, unknown>): Promise<string> {
      const { token } = await ready.api.signJWT({ body: { payload } });
      return token;
    },
    /** Expires the current signing key, so the next token is signed by a new one. */
    async rotateKey(): Promise<void> {
      await handle.db.execute(sql`update jwks set expires_at = now() - interval '1 second'`);
    },
    async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
      return (await (await fetch(`${issuer}/api/auth/jwks`)).json()) as { keys: Record<string, unknown>[] };
    },
    async close() {
      await server.close();
      await handle.close();
    },
  };
}

export type AuthServer = Awaited<ReturnType<typeof startAuthServer>>;
