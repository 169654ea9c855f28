// The web app's settings: read from process.env in this one place, checked
// with @todo/config's parsers, and parsed lazily on first use (the
// instrumentation hook calls `getEnv()` at start-up, so a bad value stops the
// server before it serves anything; `next build` never needs to parse them).
import {
  type ConfigSource,
  dataDir,
  duration,
  flag,
  httpUrl,
  loadConfig,
  port,
  postgresUrl,
  secret,
  wholeNumber,
} from "@todo/config";
import { z } from "zod";

/** Bad settings: its message is the one line printed before exiting. */
export { ConfigError } from "@todo/config";

const schema = (cwd: string) =>
  z.object({
    BETTER_AUTH_SECRET: secret().optional(),
    // No trailing slash: one spelling for issuer and audience.
    BETTER_AUTH_URL: httpUrl().default("http://localhost:3000"),
    API_URL: httpUrl().default("http://localhost:8000"),
    JWT_EXPIRES_IN: duration().default("15m"),
    DATABASE_URL: postgresUrl().optional(),
    /** Absolute path; see `resolveDataDir`. */
    DATA_DIR: dataDir(cwd),
    WEB_PORT: port().default(3000),
    AUTH_RATE_LIMIT: wholeNumber({ note: "0 turns the limit off" }).default(5),
    TRUST_PROXY: flag().default(false),
  });

export type Env = z.output<ReturnType<typeof schema>>;

/**
 * Parses the given variables (process.env by default). Empty values count as
 * unset, so `DATABASE_URL=` in a .env file means "use the embedded database".
 * Throws a `ConfigError` whose message is one line naming every bad variable.
 */
export function parseEnv(source: ConfigSource = process.env, cwd: string = process.cwd()): Env {
  return loadConfig(schema(cwd), source, { service: "web" });
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
