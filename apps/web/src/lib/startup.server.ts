import { ConfigError, type Env, getEnv } from "@/env";
import { prepareAuth } from "./auth.server";

/**
 * Everything the web app needs before it may serve a request: the settings,
 * Better Auth's secret (BETTER_AUTH_SECRET, or the generated one of a local
 * run), the auth database and its migrations. Throws; `startupFailure` makes
 * the one line to print. The production server (server.ts) calls this before
 * it listens; the instrumentation hook calls it again (a no-op by then), which
 * covers `next dev` and `next start`.
 */
export async function prepareWebServer(): Promise<Env> {
  const env = getEnv();
  await prepareAuth();
  return env;
}

/** `prepareWebServer`, or exit 1 with one line on stderr (the instrumentation hook). */
export async function startWebServer(): Promise<void> {
  try {
    await prepareWebServer();
  } catch (error) {
    console.error(startupFailure(error));
    process.exit(1);
  }
}

/** One line, with no stack trace, saying why the web app cannot start. */
export function startupFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  // Drivers wrap the useful part (ECONNREFUSED, bad password…) in `cause`.
  const parts: string[] = [];
  for (let current: unknown = error; current && parts.length < 4; ) {
    // Drizzle appends an empty "params:" line to failed queries.
    const text = describe(current)
      .replace(/\s*params:\s*$/, "")
      .trim();
    if (text && !parts.includes(text)) parts.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  // One line, whatever the driver put in its messages.
  const detail = parts.join(": ").replace(/\s+/g, " ").trim() || "unknown error";
  return `web: failed to start: ${detail}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return error.message || code || error.name;
}
