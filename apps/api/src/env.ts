// The API's settings, parsed once at start-up. Nothing else reads process.env.
import { resolveDataDir } from "@todo/db/data-dir";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", ""], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1")
  .default(false);

const milliseconds = (fallback: number, min: number) =>
  z.coerce
    .number({ error: "must be a whole number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(min, `must be at least ${min} (milliseconds)`)
    .max(3_600_000, "must be at most 3600000 (one hour)")
    .default(fallback);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });

const schema = z.object({
  BETTER_AUTH_URL: httpUrl.default("http://localhost:3000"),
  API_URL: httpUrl.default("http://localhost:8000"),
  JWKS_URL: httpUrl.optional(),
  JWT_JWKS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === "") return undefined;
      try {
        const value: unknown = JSON.parse(text);
        const keys = (value as { keys?: unknown }).keys;
        if (Array.isArray(keys) && keys.length > 0) return value as { keys: Record<string, unknown>[] };
      } catch {
        // reported below
      }
      ctx.addIssue({ code: "custom", message: 'must be a JSON Web Key Set: {"keys": [...]}' });
      return z.NEVER;
    }),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./.data"),
  API_PORT: z.coerce
    .number({ error: "must be a port number (0-65535)" })
    .int()
    .min(0)
    .max(65535, "must be a port number (0-65535)")
    .default(8000),
  API_RATE_LIMIT: z.coerce.number().int().min(0, "must be 0 (off) or a positive whole number").default(300),
  TRUST_PROXY: flag,
  DB_POOL_SIZE: z.coerce
    .number({ error: "must be a whole number from 1 to 1000" })
    .int("must be a whole number from 1 to 1000")
    .min(1, "must be a whole number from 1 to 1000")
    .max(1000, "must be a whole number from 1 to 1000")
    .default(10),
  DB_CONNECT_TIMEOUT_MS: milliseconds(5_000, 1),
  DB_STATEMENT_TIMEOUT_MS: milliseconds(5_000, 0),
});

export type ApiEnv = {
  issuer: string;
  audience: string;
  jwksUrl: URL;
  jwks: { keys: Record<string, unknown>[] } | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  rateLimit: number;
  trustProxy: boolean;
  /** PostgreSQL only: pooled connections per process, and how long to wait for one. */
  dbPoolSize: number;
  dbConnectTimeoutMs: number;
  /** PostgreSQL only: longest a statement may run before the server cancels it; 0 = no limit. */
  dbStatementTimeoutMs: number;
};

export class ConfigError extends Error {}

/** URLs are compared as strings in `iss` and `aud`, so drop a trailing slash people tend to add. */
const origin = (url: string) => url.replace(/\/+$/, "");

export function loadApiEnv(source: Record<string, string | undefined>): ApiEnv {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join(".") ?? "environment";
    throw new ConfigError(`Invalid environment: ${name} ${issue?.message ?? "is invalid"}`);
  }
  const env = result.data;
  const issuer = origin(env.BETTER_AUTH_URL);
  return {
    issuer,
    audience: origin(env.API_URL),
    jwksUrl: new URL(env.JWKS_URL ?? `${issuer}/api/auth/jwks`),
    jwks: env.JWT_JWKS,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolveDataDir(env.DATA_DIR),
    port: env.API_PORT,
    rateLimit: env.API_RATE_LIMIT,
    trustProxy: env.TRUST_PROXY,
    dbPoolSize: env.DB_POOL_SIZE,
    dbConnectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  };
}
