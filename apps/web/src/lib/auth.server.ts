// The process-wide Better Auth instance, created on first use. Nothing here
// touches the database at import time (Next imports modules while building),
// and the instance lives on globalThis: the instrumentation hook, route
// handlers and pages are bundled separately, and dev reloads re-evaluate
// modules, but an embedded PGlite folder may be opened only once per process.
import { createDb, type DbHandle } from "@todo/db";
import { nextCookies } from "better-auth/next-js";
import { getEnv, isNextBuild } from "@/env";
import { type Auth, createAuth } from "./auth-factory.server";
import { resolveAuthSecret } from "./secret.server";

interface AuthRuntime {
  auth: Auth;
  db: DbHandle;
  /** Settles once the auth migrations have been applied. */
  ready: Promise<void>;
}

const store = globalThis as typeof globalThis & { __todoWebAuth?: AuthRuntime };

function createRuntime(): AuthRuntime {
  if (isNextBuild()) {
    throw new Error(
      "getAuth() was called during `next build`: read request data (headers(), cookies(), connection()) first so the page renders per request",
    );
  }
  const env = getEnv();
  const secret = resolveAuthSecret(env);
  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, service: "web" });
  const ready = db.migrate("auth");
  // Reported by whoever awaits `ready` (the start-up hook); never unhandled.
  ready.catch(() => {});
  const auth = createAuth({
    db: db.db,
    secret,
    baseURL: env.BETTER_AUTH_URL,
    apiURL: env.API_URL,
    jwtExpiresIn: env.JWT_EXPIRES_IN,
    authRateLimit: env.AUTH_RATE_LIMIT,
    // Lets server actions and server components set Better Auth's cookies.
    plugins: [nextCookies()],
    tablesReady: ready,
  });
  return { auth, db, ready };
}

function runtime(): AuthRuntime {
  store.__todoWebAuth ??= createRuntime();
  return store.__todoWebAuth;
}

/** The Better Auth instance; creating it reads the settings and opens the database. */
export function getAuth(): Auth {
  return runtime().auth;
}

/**
 * Creates the instance if needed, applies the auth migrations and waits for
 * Better Auth's own start-up (plugins' `init`, such as the OAuth provider
 * writing its resource row): work left running would meet a closed database
 * if the server then stops, say because its port is taken.
 */
export async function prepareAuth(): Promise<void> {
  const { auth, ready } = runtime();
  await ready;
  await auth.$context;
}

/** Closes the auth database if this process opened it (on shutdown; releases the embedded folder's lock). */
export async function closeAuth(): Promise<void> {
  const current = store.__todoWebAuth;
  store.__todoWebAuth = undefined;
  await current?.db.close();
}
