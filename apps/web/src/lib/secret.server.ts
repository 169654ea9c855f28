// Where Better Auth's secret comes from. Deployments set BETTER_AUTH_SECRET;
// a local run on the embedded database gets a random one, generated once and
// kept next to that database, so sessions and the encrypted signing keys
// survive restarts and no fixed, published default ever exists.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, type Env } from "@/env";

const MIN_LENGTH = 32;

export function secretFilePath(env: Pick<Env, "DATA_DIR">): string {
  return path.join(env.DATA_DIR, "web", "auth-secret");
}

export function resolveAuthSecret(
  env: Pick<Env, "BETTER_AUTH_SECRET" | "DATABASE_URL" | "DATA_DIR">,
): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  if (env.DATABASE_URL) {
    throw new ConfigError("web", ["BETTER_AUTH_SECRET is required when DATABASE_URL is set"]);
  }
  return readOrCreateSecret(secretFilePath(env));
}

function readOrCreateSecret(file: string): string {
  const existing = readSecret(file);
  if (existing !== undefined) return existing;

  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": never overwrite a secret another process wrote first.
    writeFileSync(file, `${secret}\n`, { flag: "wx", mode: 0o600 });
    chmodSync(file, 0o600); // the umask may have narrowed it further, never widened; make it exact
    return secret;
  } catch (error) {
    if (isErrno(error, "EEXIST")) {
      const raced = readSecret(file);
      if (raced !== undefined) return raced;
    }
    throw new ConfigError("web", [
      `BETTER_AUTH_SECRET is unset and the generated secret cannot be stored in ${file}: ${describe(error)}`,
    ]);
  }
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw new ConfigError("web", [
      `BETTER_AUTH_SECRET is unset and the stored secret in ${file} cannot be read: ${describe(error)}`,
    ]);
  }
  const secret = text.trim();
  if (secret.length < MIN_LENGTH) {
    throw new ConfigError("web", [
      `BETTER_AUTH_SECRET is unset and the stored secret in ${file} is shorter than ${MIN_LENGTH} characters; delete the file to generate a new one`,
    ]);
  }
  return secret;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
