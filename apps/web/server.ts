// The web app's production server: Next.js behind a plain node:http server,
// for one reason — the client address. Better Auth limits sign-in attempts
// per address, which it reads from X-Forwarded-For, and `next start` passes a
// client-sent X-Forwarded-For through untouched, so anyone could pick a fresh
// address for every attempt. Here the header is always rewritten: to the
// socket's address, or with TRUST_PROXY to the last hop (the one your own
// proxy appended). It also gives every request an id (X-Request-Id) and one
// JSON log line, like the API's: method, path, status, time — never headers,
// query strings or bodies, which carry cookies and passwords. It caps request
// bodies at 16 KiB before Next.js reads them, and gives slow clients a deadline.
//
// Start-up: the settings, Better Auth's secret and the auth database (with its
// migrations) are all checked before anything listens, so a bad setting, a
// missing BETTER_AUTH_SECRET or a busy port stops the server with one line on
// stderr and exit code 1. `npm start` runs this file bundled, as
// apps/web/dist/server.mjs (scripts/build.mjs).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { pino } from "pino";
import { closeAuth } from "./src/lib/auth.server";
import { bodyFits } from "./src/lib/body-limit.server";
import { prepareWebServer, startupFailure } from "./src/lib/startup.server";

/** The web app's folder (where .next is): this file's, or its parent when this runs as dist/server.mjs. */
const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.basename(here) === "dist" ? path.dirname(here) : here;

function rewriteClientAddress(request: IncomingMessage, trustProxy: boolean) {
  const forwarded = request.headers["x-forwarded-for"];
  const lastHop = trustProxy
    ? String(forwarded ?? "")
        .split(",")
        .at(-1)
        ?.trim()
    : undefined;
  request.headers["x-forwarded-for"] = lastHop || request.socket.remoteAddress || "unknown";
}

// The same rule as Hono's request-id middleware in the API: a caller's id is kept if it is short and plain.
const acceptableId = /^[\w\-=]{1,255}$/;

// A client that trickles its headers or body in (slowloris) would otherwise hold a connection for good.
const serverTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  // How often Node looks for connections past those deadlines (30 s by default).
  connectionsCheckingInterval: 1_000,
};

async function main() {
  // Before Next.js is even loaded: a request must never be the first to find a bad setting.
  const env = await prepareWebServer();
  const app = next({ dev: false, dir: appDir, port: env.WEB_PORT });
  const handle = app.getRequestHandler();
  const log = pino({ base: { service: "web" }, timestamp: pino.stdTimeFunctions.isoTime });
  // The port is claimed before Next.js prepares (which prints its own lines),
  // so a port in use is the one line; a request that arrives in between waits.
  let nextReady = false;
  let preparing: Promise<void> | undefined;
  const server = createServer(serverTimeouts, (request, response) => {
    const started = performance.now();
    const given = request.headers["x-request-id"];
    const requestId = typeof given === "string" && acceptableId.test(given) ? given : randomUUID();
    response.setHeader("X-Request-Id", requestId);
    response.on("finish", () =>
      log.info(
        {
          requestId,
          method: request.method,
          path: (request.url ?? "").split("?")[0],
          status: response.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        "request",
      ),
    );
    rewriteClientAddress(request, env.TRUST_PROXY);
    if (!bodyFits(request, response)) return;
    if (nextReady) void handle(request, response);
    else void preparing?.then(() => handle(request, response));
  });
  server.keepAliveTimeout = serverTimeouts.keepAliveTimeout;
  await new Promise<void>((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => {
      console.error(listenFailure(env.WEB_PORT, error));
      exitAfterClosing();
    };
    server.once("error", failed);
    server.listen(env.WEB_PORT, () => {
      server.off("error", failed);
      resolve();
    });
  });
  preparing = app.prepare();
  await preparing;
  nextReady = true;
  // The bound port, which differs from WEB_PORT when that is 0 (any free port: the tests).
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.WEB_PORT;
  console.log(`web: listening on http://localhost:${port}`);

  // Stop taking connections, let requests in flight finish (up to 10 s),
  // close the database, exit 0. A second signal (a terminal's Ctrl-C reaches
  // this process and npm start, which forwards it) must not cut that short.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const finish = () => closeAuth().finally(() => process.exit(0));
    server.close(() => void finish());
    server.closeIdleConnections();
    // Keep-alive connections stay open until their next response; end them after.
    server.on("request", (_request, response) => response.setHeader("Connection", "close"));
    setTimeout(() => void finish(), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** One line for a port that cannot be had, in the API's words. */
function listenFailure(port: number, error: NodeJS.ErrnoException): string {
  if (error.code === "EADDRINUSE") return `web: cannot listen on port ${port}: it is already in use`;
  if (error.code === "EACCES") return `web: cannot listen on port ${port}: permission denied`;
  return `web: cannot listen on port ${port}: ${error.message.replace(/\s+/g, " ")}`;
}

/** Exit 1 once the auth database (if it was opened) is closed, which releases its folder's lock. */
function exitAfterClosing(): void {
  setTimeout(() => process.exit(1), 5_000).unref();
  void closeAuth()
    .catch(() => {})
    .finally(() => process.exit(1));
}

main().catch((error: unknown) => {
  console.error(startupFailure(error));
  exitAfterClosing();
});
