// End-to-end check of the web app as an authentication server: its
// production server (apps/web/server.ts, what `npm start` runs) on port 0 and
// a throwaway embedded database, driven over HTTP. Its public URL
// (BETTER_AUTH_URL, the tokens' issuer and the only trusted origin) is not the
// address it listens on, as behind a proxy. Needs `next build` first (the
// root `npm test` runs it).
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Service, spawnService, startService, stopGroup, waitUntilReady } from "@todo/testing/process";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = existsSync(path.join(webDir, ".next", "BUILD_ID"));
const inCI = Boolean(process.env.CI) && !["0", "false"].includes(process.env.CI?.toLowerCase() ?? "");

const API_URL = "http://127.0.0.1:8999";
/** Where people reach the app; never connected to by the test. */
const PUBLIC_URL = "http://todo.example.test";
const started: Service[] = [];
const tempDirs: string[] = [];

if (!built && !inCI) {
  console.warn(
    "[web] Skipping the auth end-to-end tests: apps/web/.next/BUILD_ID is missing. Run `npm run build -w @todo/web` first.",
  );
}

describe.runIf(!built && inCI)("web build", () => {
  it("exists before the end-to-end tests run", () => {
    expect.fail(
      "apps/web/.next/BUILD_ID is missing: run `npm run build -w @todo/web` before the tests (CI).",
    );
  });
});

describe.runIf(built)("web app auth, through its production server", () => {
  let base = "";

  beforeAll(async () => {
    const server = await startService(webOptions({ DATA_DIR: await tempDir(), AUTH_RATE_LIMIT: "0" }));
    started.push(server);
    base = server.url;
    await waitUntilReady(`${base}/api/auth/jwks`, { service: server });
  });

  const account = {
    name: "Grace Hopper",
    email: `grace+${Date.now()}@example.com`,
    password: "a-long-enough-password",
  };
  let userId = "";
  let sessionCookie = "";

  /** A browser's same-origin POST: Better Auth refuses cookie-bearing POSTs without a trusted Origin. */
  function post(pathname: string, body: unknown, cookie?: string) {
    return fetch(`${base}${pathname}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: PUBLIC_URL,
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: JSON.stringify(body),
      redirect: "manual",
    });
  }

  function getToken(cookie: string) {
    return fetch(`${base}/api/auth/token`, { headers: { Cookie: cookie } });
  }

  it("signs up and sets an HttpOnly session cookie", async () => {
    const response = await post("/api/auth/sign-up/email", account);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { id: string; email: string } };
    expect(body.user.email).toBe(account.email);
    userId = body.user.id;

    const session = sessionCookieOf(response);
    expect(session, "a session cookie").toBeDefined();
    expect(session?.attributes).toMatch(/;\s*HttpOnly/i);
    expect(session?.attributes).toMatch(/;\s*SameSite=Lax/i);
    sessionCookie = session?.pair ?? "";
  });

  it("issues an EdDSA JWT that verifies against the app's JWKS", async () => {
    const response = await getToken(sessionCookie);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };

    const jwks = createRemoteJWKSet(new URL(`${base}/api/auth/jwks`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      algorithms: ["EdDSA"],
      issuer: PUBLIC_URL,
      audience: API_URL,
    });
    expect(protectedHeader.alg).toBe("EdDSA");
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.sub).toBe(userId);
    expect(payload.email).toBe(account.email);
    expect(payload.name).toBe(account.name);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(15 * 60);
  });

  it("publishes only Ed25519 public keys", async () => {
    const response = await fetch(`${base}/api/auth/jwks`);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
      expect(key.kid).toEqual(expect.any(String));
      expect(key).not.toHaveProperty("d");
    }
  });

  it("refuses a wrong password", async () => {
    const response = await post("/api/auth/sign-in/email", {
      email: account.email,
      password: "not-the-password",
    });
    expect(response.status).toBe(401);
    expect(sessionCookieOf(response)?.pair ?? "").not.toMatch(/=[^;]+/);
  });

  it("ends the session on sign-out", async () => {
    const signIn = await post("/api/auth/sign-in/email", {
      email: account.email,
      password: account.password,
    });
    expect(signIn.status).toBe(200);
    const cookie = sessionCookieOf(signIn)?.pair ?? "";
    expect((await getToken(cookie)).status).toBe(200);

    const signOut = await post("/api/auth/sign-out", {}, cookie);
    expect(signOut.status).toBe(200);
    expect((await getToken(cookie)).status).toBe(401);
  });

  it("sends visitors without a session from /tasks to sign-in", async () => {
    const anonymous = await fetch(`${base}/tasks`, { redirect: "manual" });
    expect([303, 307, 308]).toContain(anonymous.status);
    const location = new URL(anonymous.headers.get("location") ?? "", base);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("next")).toBe("/tasks");

    const signedIn = await fetch(`${base}/tasks`, { headers: { Cookie: sessionCookie }, redirect: "manual" });
    expect(signedIn.status).toBe(200);
    const html = await signedIn.text();
    expect(html).toContain(`data-api-url="${API_URL}"`);
  });
});

describe.runIf(built)("web app start-up", () => {
  it("exits non-zero with one line naming a bad setting", async () => {
    const server = spawnService(webOptions({ DATA_DIR: await tempDir(), API_URL: "not-a-url" }));
    started.push(server);
    expect(await server.exited).not.toBe(0);

    const lines = server
      .output()
      .split("\n")
      .map((line) => line.trim())
      // Node's own process warnings are not ours to police.
      .filter((line) => line && !/^\(node:\d+\)|--trace-warnings/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/API_URL/);
    expect(lines[0]).not.toMatch(/\bat\s+\S+\s+\(/);
  });
});

afterAll(async () => {
  await stopGroup(started, { graceMs: 5_000 });
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// ---------------------------------------------------------------------------

/** `node --import tsx server.ts` on port 0, on a clean slate: embedded database, generated secret. */
function webOptions(env: Record<string, string>) {
  return {
    name: "web",
    entry: "server.ts",
    cwd: webDir,
    env: { NEXT_TELEMETRY_DISABLED: "1", API_URL, BETTER_AUTH_URL: PUBLIC_URL, ...env },
    // Its own process group, so that afterAll stops anything it started too.
    group: true,
  };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "todo-web-e2e-"));
  tempDirs.push(dir);
  return dir;
}

function sessionCookieOf(response: Response): { pair: string; attributes: string } | undefined {
  for (const header of response.headers.getSetCookie()) {
    const [pair = "", ...rest] = header.split(";");
    if (/^(__Secure-)?better-auth\.session_token=/.test(pair.trim())) {
      return { pair: pair.trim(), attributes: `;${rest.join(";")}` };
    }
  }
  return undefined;
}
