import { ConfigError, getEnv } from "@/env";
import { prepareAuth } from "./auth.server";

/** Validates the settings and prepares the auth database, or exits with one line on stderr. */
export async function startWebServer(): Promise<void> {
  try {
    getEnv();
    await prepareAuth();
  } catch (error) {
    console.error(startupFailure(error));
    process.exit(1);
  }
}

function startupFailure(error: unknown): string {
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
  return `Web app failed to start: ${detail}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return error.message || code || error.name;
}
