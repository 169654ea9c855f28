// Start-up: settings, database, migrations, then listen. A bad setting is one
// line on stderr and exit code 1.
import { serve } from "@hono/node-server";
import { createDb } from "@todo/db";
import { createApp } from "./app";
import { createKeySource } from "./auth/key-source";
import { ConfigError, loadApiEnv } from "./env";
import { createLogger } from "./logger";

async function main() {
  const env = loadApiEnv(process.env);
  const db = createDb({ databaseUrl: env.databaseUrl, dataDir: env.dataDir, service: "api" });
  await db.migrate("tasks");
  const app = createApp({
    db,
    webOrigin: env.issuer,
    rateLimit: env.rateLimit,
    trustProxy: env.trustProxy,
    logger: createLogger(),
    auth: {
      issuer: env.issuer,
      audience: env.audience,
      keys: createKeySource({ jwks: env.jwks, jwksUrl: env.jwksUrl }),
    },
  });
  const server = serve({ fetch: app.fetch, port: env.port }, (info) => {
    const store = env.databaseUrl ? "PostgreSQL" : `embedded PGlite in ${env.dataDir}/api`;
    console.log(`api: listening on http://localhost:${info.port} (${store})`);
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      db.close().finally(() => process.exit(0));
    });
    // Connections that stay open (keep-alive) must not hold the process forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `api: failed to start: ${String(error)}`);
  process.exit(1);
});
