// The web app's settings: read from process.env in this one place, checked
// with Zod, and parsed lazily on first use (the instrumentation hook calls
// `getEnv()` at start-up, so a bad value stops the server before it serves
// anything; `next build` never needs to parse them).
import { resolveDataDir } from "@todo/db/data-dir";
import { z } from "zod";

/** A bad setting: its message is the one line printed before exiting. */
export class EnvError extends Error {
  override name = "EnvError";
}

const url = (name: string) =>
  z
    .url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` })
    // One spelling for issuer and audience: no trailing slash.
    .transform((value) => value.replace(/\/+$/, ""));

const schema = z.object({
  BETTER_AUTH_SECRET: z
    .string()
    .min(32, { error: "BETTER_AUTH_SECRET must be at least 32 characters" })
    .optional(),
  BETTER_AUTH_URL: url("BETTER_AUTH_URL").default("http://localhost:3000"),
  API_URL: url("API_URL").default("http://localhost:8000"),
  JWT_EXPIRES_IN: z
    .string()
    .regex(/^[1-9]\d*[smhdw]$/, {
      error: "JWT_EXPIRES_IN must be a positive duration such as 90s, 15m, 1h or 7d",
    })
    .default("15m"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "DATABASE_URL must be a postgres:// or postgresql:// URL" })
    .optional(),
  DATA_DIR: z.string().default("./.data"),
  WEB_PORT: z
    .string()
    .regex(/^\d+$/, { error: "WEB_PORT must be a port number" })
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65_535, { error: "WEB_PORT must be between 1 and 65535" })
    .default(3000),
  AUTH_RATE_LIMIT: z
    .string()
    .regex(/^\d+$/, { error: "AUTH_RATE_LIMIT must be a whole number ≥ 0 (0 turns the limit off)" })
    .transform(Number)
    .default(5),
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"], { error: "TRUST_PROXY must be true or false" })
    .transform((value) => value === "true" || value === "1")
    .default(false),
});

export type Env = Omit<z.output<typeof schema>, "DATA_DIR"> & {
  /** Absolute path; see `resolveDataDir`. */
  DATA_DIR: string;
};

type EnvSource = Record<string, string | undefined>;

/**
 * Parses the given variables (process.env by default). Empty values count as
 * unset, so `DATABASE_URL=` in a .env file means "use the embedded database".
 * Throws an `EnvError` whose message is a single line naming the variable.
 */
export function parseEnv(source: EnvSource = process.env, cwd: string = process.cwd()): Env {
  const input: EnvSource = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key]?.trim();
    if (value) input[key] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      // Our messages already start with the variable's name; Zod's own don't.
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    });
    throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
  }
  return { ...result.data, DATA_DIR: resolveDataDir(result.data.DATA_DIR, cwd) };
}

let cached: Env | undefined;

/** The parsed settings, memoised for the life of the process. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/** True inside `next build`, which must never read secrets or open the database. */
export function isNextBuild(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}
