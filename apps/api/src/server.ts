// Start-up: settings, database, migrations, then listen. A bad setting, a
// busy embedded database or a port in use is one line on stderr and exit
// code 1. `npm start` runs this file bundled, as dist/server.mjs (scripts/build.mjs).
// Shutdown on SIGTERM or SIGINT: refuse new connections, answer every request
// in flight (for up to 10 s), close the database, exit 0.
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createDb, DataDirInUseError } from "@todo/db";
import { createApp } from "./app";
import { createKeySource } from "./auth/key-source";
import { ConfigError, loadApiEnv } from "./env";
import { createEventHub } from "./events/event-hub";
import { trackRequests } from "./graceful-shutdown";
import { createLogger } from "./logger";
import { createReminderDelivery } from "./notifications/reminder-delivery";
import { setUpNotifications } from "./notifications/start-up";
import { startReminderScheduler } from "./reminder-scheduler";

const GRACE_MS = 10_000;
/**
 * Node's own limits are 60 s for headers and 300 s for a request, checked
 * every 30 s: hours of open sockets for a slow client. A request to this API
 * is small; a client that cannot send one in these times is not a client.
 */
const SERVER_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
};
/** pool.end() waits for connections still lent out; after the grace period nobody is coming back for them. */
const CLOSE_DB_MS = 5_000;

async function main() {
  const env = loadApiEnv(process.env);
  const db = createDb({
    databaseUrl: env.databaseUrl,
    dataDir: env.dataDir,
    service: "api",
    poolSize: env.dbPoolSize,
    connectTimeoutMs: env.dbConnectTimeoutMs,
    statementTimeoutMs: env.dbStatementTimeoutMs,
  });
  try {
    await db.migrate("tasks");
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  const events = createEventHub(db);
  const logger = createLogger();
  // Reminders outside the page: `notifications.push` and `.email` are for createReminderDelivery.
  // Said after "listening", so a start that fails says one line only.
  const notices: string[] = [];
  const notifications = setUpNotifications(env, (line) => notices.push(line));
  const app = createApp({
    db,
    notifications: notifications.app,
    events,
    webOrigin: env.issuer,
    rateLimit: env.rateLimit,
    trustProxy: env.trustProxy,
    logger,
    auth: {
      issuer: env.issuer,
      audience: env.audience,
      keys: createKeySource({ jwks: env.jwks, jwksUrl: env.jwksUrl }),
    },
  });
  const store = env.databaseUrl ? "PostgreSQL" : `embedded PGlite in ${env.dataDir}/api`;
  // serve() creates a plain node:http server unless told otherwise.
  const server = serve({ fetch: app.fetch, port: env.port, serverOptions: SERVER_TIMEOUTS }, (info) => {
    console.log(`api: listening on http://localhost:${info.port} (${store})`);
    for (const line of notices) console.log(line);
  }) as Server;
  const drain = trackRequests(server);
  const delivery = createReminderDelivery({
    db,
    push: notifications.push,
    email: notifications.email,
    logger,
  });
  const reminders = startReminderScheduler({ db, logger, deliver: (fired) => delivery.deliverAll(fired) });

  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(listenFailure(env.port, error));
    setTimeout(() => process.exit(1), CLOSE_DB_MS).unref();
    db.close().finally(() => process.exit(1));
  });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    // Ctrl-C reaches both this process and `npm start`, which forwards it: one stop is enough.
    if (stopping) return;
    stopping = true;
    console.log(`api: ${signal}: finishing requests in flight`);
    // Event streams never finish by themselves: end them first (clients reconnect elsewhere).
    events.closeAll();
    await reminders.stop();
    const { abandoned } = await drain(GRACE_MS);
    if (abandoned > 0)
      console.error(`api: ${abandoned} request(s) still running after ${GRACE_MS / 1000} s were cut off`);
    let code = 0;
    const closed = await Promise.race([
      db.close().then(
        () => "closed" as const,
        (error: unknown) => {
          console.error(`api: closing the database failed: ${String(error)}`);
          return "failed" as const;
        },
      ),
      new Promise<"timeout">((resolve) => setTimeout(resolve, CLOSE_DB_MS, "timeout").unref()),
    ]);
    if (closed === "failed") code = 1;
    if (closed === "timeout") console.error("api: the database did not close in time; exiting anyway");
    console.log("api: stopped");
    process.exit(code);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** One line for a port that cannot be had (the web server words it the same way). */
function listenFailure(port: number, error: NodeJS.ErrnoException): string {
  if (error.code === "EADDRINUSE") return `api: cannot listen on port ${port}: it is already in use`;
  if (error.code === "EACCES") return `api: cannot listen on port ${port}: permission denied`;
  return `api: cannot listen on port ${port}: ${error.message.replace(/\s+/g, " ")}`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof DataDirInUseError) console.error(`api: ${error.message}`);
  else console.error(`api: failed to start: ${String(error).split("\n")[0]}`);
  process.exit(1);
});
