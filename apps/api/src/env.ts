// The API's settings, parsed once at start-up. Nothing else reads process.env.
// The parsers, the empty-means-unset rule and the error line are @todo/config's.
import {
  ConfigError,
  dataDir,
  flag,
  httpUrl,
  type JsonWebKeySet,
  jsonWebKeySet,
  loadConfig,
  milliseconds,
  port,
  postgresUrl,
  wholeNumber,
} from "@todo/config";
import { z } from "zod";

export { ConfigError };

const schema = z.object({
  BETTER_AUTH_URL: httpUrl().default("http://localhost:3000"),
  API_URL: httpUrl().default("http://localhost:8000"),
  JWKS_URL: httpUrl({ keepTrailingSlash: true }).optional(),
  JWT_JWKS: jsonWebKeySet().optional(),
  DATABASE_URL: postgresUrl().optional(),
  DATA_DIR: dataDir(),
  API_PORT: port().default(8000),
  API_RATE_LIMIT: wholeNumber({ note: "0 turns the limits off" }).default(300),
  TRUST_PROXY: flag().default(false),
  DB_POOL_SIZE: wholeNumber({ min: 1, max: 1000 }).default(10),
  DB_CONNECT_TIMEOUT_MS: milliseconds({ min: 1 }).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: milliseconds({ note: "0 = no limit" }).default(5_000),
});

export type ApiEnv = {
  issuer: string;
  audience: string;
  jwksUrl: URL;
  jwks: JsonWebKeySet | undefined;
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

/** Throws a `ConfigError` naming every bad variable in one line. */
export function loadApiEnv(source: Record<string, string | undefined>): ApiEnv {
  const env = loadConfig(schema, source, { service: "api" });
  return {
    // Issuer and audience come without a trailing slash: `iss` and `aud` are compared as strings.
    issuer: env.BETTER_AUTH_URL,
    audience: env.API_URL,
    jwksUrl: new URL(env.JWKS_URL ?? `${env.BETTER_AUTH_URL}/api/auth/jwks`),
    jwks: env.JWT_JWKS,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    port: env.API_PORT,
    rateLimit: env.API_RATE_LIMIT,
    trustProxy: env.TRUST_PROXY,
    dbPoolSize: env.DB_POOL_SIZE,
    dbConnectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  };
}
