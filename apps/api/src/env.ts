// The API's settings, parsed once at start-up. Nothing else reads process.env.
// The parsers, the empty-means-unset rule and the error line are @todo/config's.
import { createECDH } from "node:crypto";
import {
  base64UrlBytes,
  ConfigError,
  dataDir,
  flag,
  httpUrl,
  type JsonWebKeySet,
  jsonWebKeySet,
  loadConfig,
  mailbox,
  milliseconds,
  port,
  postgresUrl,
  urlOf,
  wholeNumber,
} from "@todo/config";
import { z } from "zod";

export { ConfigError };

const fields = z.object({
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
  // Web Push (SPEC §9): a P-256 key pair, uncompressed public key and raw private key.
  VAPID_PUBLIC_KEY: base64UrlBytes({ bytes: 65 }).optional(),
  VAPID_PRIVATE_KEY: base64UrlBytes({ bytes: 32 }).optional(),
  VAPID_SUBJECT: urlOf(["mailto", "https"]).optional(),
  PUSH_ALLOW_LOOPBACK: flag().default(false),
  SMTP_URL: urlOf(["smtp", "smtps"]).optional(),
  SMTP_FROM: mailbox().optional(),
});

type Fields = z.output<typeof fields>;

/** Half a key pair, or a pair that does not belong together, is a mistake to stop at, not to run without push. */
function checkPairs(env: Fields, ctx: z.RefinementCtx<Fields>): void {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = env;
  if (Boolean(publicKey) !== Boolean(privateKey))
    ctx.addIssue({
      code: "custom",
      path: [publicKey ? "VAPID_PRIVATE_KEY" : "VAPID_PUBLIC_KEY"],
      message: "must be set together with the other VAPID key",
    });
  else if (publicKey && privateKey && !isKeyPair(publicKey, privateKey))
    ctx.addIssue({
      code: "custom",
      path: ["VAPID_PRIVATE_KEY"],
      message: "is not the private key of VAPID_PUBLIC_KEY",
    });
  if (env.SMTP_URL && !env.SMTP_FROM)
    ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "must be set when SMTP_URL is" });
}

const schema = fields.superRefine(checkPairs);

/** Whether the raw P-256 private key derives the uncompressed public key. */
function isKeyPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, "base64url"));
  } catch {
    return false;
  }
}

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
  /** Web Push's key pair, when configured; else generated for the embedded database, or push is off. */
  vapidKeys: { publicKey: string; privateKey: string } | undefined;
  /** Who push services contact about this server's pushes: mailto: or https:. */
  vapidSubject: string;
  /** Tests only: push to loopback hosts, over plain http too. */
  pushAllowLoopback: boolean;
  /** Reminder email, when SMTP_URL is set (it may hold a password: never log it). */
  email: { url: string; from: string } | null;
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
    vapidKeys:
      env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
        ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY }
        : undefined,
    vapidSubject: env.VAPID_SUBJECT ?? defaultVapidSubject(env.BETTER_AUTH_URL),
    pushAllowLoopback: env.PUSH_ALLOW_LOOPBACK,
    email: env.SMTP_URL && env.SMTP_FROM ? { url: env.SMTP_URL, from: env.SMTP_FROM } : null,
  };
}

/**
 * The web app's address when it is https (what a push service would visit);
 * else a placeholder that web-push accepts. Apple's push service refuses
 * localhost subjects: a deployment sets VAPID_SUBJECT.
 */
function defaultVapidSubject(webOrigin: string): string {
  return webOrigin.startsWith("https://") && !new URL(webOrigin).hostname.endsWith("localhost")
    ? webOrigin
    : "mailto:todo@localhost";
}
