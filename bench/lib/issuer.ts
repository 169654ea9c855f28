// A real Better Auth instance — the web app's own configuration from
// createAuth — served over real HTTP on 127.0.0.1 with an in-memory database.
// Every token the benchmarks use comes from its real sign-up and /token
// endpoints, signed with its real EdDSA key.
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createDb } from "@todo/db";
import { createAuth } from "@todo/web/auth-factory";

/** The tokens' audience; the API is told the same through API_URL. */
export const AUDIENCE = "http://localhost:8000";

export interface BenchUser {
  id: string;
  email: string;
  cookie: string;
  token: string;
}

export async function startIssuer(options: { jwtExpiresIn?: string } = {}) {
  const handle = createDb({ dataDir: null, service: "web" });
  await handle.migrate("auth");
  let auth: ReturnType<typeof createAuth> | undefined;
  const server = createAdaptorServer({
    fetch: (request: Request) => {
      if (!auth) return new Response("not ready", { status: 503 });
      return auth.handler(request);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  auth = createAuth({
    db: handle.db,
    secret: randomBytes(32).toString("hex"),
    baseURL: issuer,
    apiURL: AUDIENCE,
    // Long enough that no token expires during a run.
    jwtExpiresIn: options.jwtExpiresIn ?? "12h",
    authRateLimit: 0,
  });

  async function tokenFor(cookie: string): Promise<string> {
    const response = await fetch(`${issuer}/api/auth/token`, { headers: { cookie } });
    if (!response.ok) throw new Error(`/api/auth/token failed: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  async function signUp(name: string): Promise<BenchUser> {
    const email = `bench-${randomUUID()}@example.test`;
    const response = await fetch(`${issuer}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: issuer },
      body: JSON.stringify({ name, email, password: `bench ${randomBytes(12).toString("hex")}` }),
    });
    if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    const { user } = (await response.json()) as { user: { id: string } };
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { id: user.id, email, cookie, token: await tokenFor(cookie) };
  }

  const ready = auth;
  return {
    issuer,
    signUp,
    /** Signs a payload with the issuer's real current key (Better Auth's server-only signJWT). */
    async signPayload(payload: Record<string, unknown>): Promise<string> {
      const { token } = await ready.api.signJWT({ body: { payload } });
      return token;
    },
    async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
      return (await (await fetch(`${issuer}/api/auth/jwks`)).json()) as { keys: Record<string, unknown>[] };
    },
    async close() {
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await handle.close();
    },
  };
}

export type Issuer = Awaited<ReturnType<typeof startIssuer>>;

/** Signs up `count` users a few at a time (password hashing is the slow part). */
export async function signUpMany(issuer: Issuer, count: number, prefix: string): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, (_, j) =>
      issuer.signUp(`${prefix} ${i + j}`),
    );
    users.push(...(await Promise.all(batch)));
  }
  return users;
}
