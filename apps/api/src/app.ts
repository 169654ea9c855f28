import { API_BODY_MAX_BYTES } from "@todo/contract/limits";
import { createRateLimiter, type DbHandle } from "@todo/db";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { requestId } from "hono/request-id";
import { type RequireUserOptions, requireUser } from "./auth/require-user";
import { docsRoutes } from "./docs";
import { answerFor } from "./domain-errors";
import { type Logger, requestLogger, silentLogger } from "./logger";
import { ProblemError, problemResponse } from "./problem";
import { limitFailedAuthPerIp, limitPerUser } from "./rate-limit";
import { createRouter } from "./router";
import { compatRoutes } from "./routes/compat";
import { meRoutes } from "./routes/me";
import { taskRoutes } from "./routes/tasks";
import { createAccountService } from "./services/account";
import { createTaskService } from "./services/tasks";

export interface AppOptions {
  db: DbHandle;
  auth: RequireUserOptions;
  /** The web app's origin, the only one allowed to call the API from a browser. */
  webOrigin: string;
  /** Requests per user per minute on /api/*, and per address without a valid token; 0 turns both off. */
  rateLimit: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy?: boolean;
  /** Where request logs go; silent unless given (the server passes its logger). */
  logger?: Logger;
  /** Most tasks one user may keep (10,000 unless a test needs fewer). */
  maxTasksPerUser?: number;
}

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Writes that carry a body must say it is JSON; a body-less write goes on to its route's own checks. */
const requireJsonBody = createMiddleware(async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method)) {
    const hasBody = Number(c.req.header("content-length") ?? 0) > 0 || c.req.header("transfer-encoding");
    const type = c.req.header("content-type");
    if ((hasBody || type) && !jsonType.test(type ?? ""))
      throw new ProblemError(415, "Send the request body as application/json.");
  }
  await next();
});

function handleError(error: Error, c: Context, logger: Logger): Response {
  const answer = answerFor(error);
  if (answer) return problemResponse(c, answer.status, answer.detail, answer);
  // The error only, never the request: its headers carry the token.
  logger.error({ err: error, requestId: c.get("requestId") as string | undefined }, "unhandled error");
  return problemResponse(c, 500, "An unexpected error occurred.");
}

export function createApp(options: AppOptions) {
  // Reads on the plain database; each write in a unit of work of its own (services/).
  const taskService = createTaskService(options.db, { maxTasksPerOwner: options.maxTasksPerUser });
  const logger = options.logger ?? silentLogger;
  const limiter = createRateLimiter(options.db.db);
  const app = createRouter();

  app.onError((error, c) => handleError(error, c, logger));
  app.use("*", requestId());
  app.use("*", requestLogger(logger));
  app.notFound((c) => problemResponse(c, 404, "There is no such route."));

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/ready", async (c) => {
    try {
      await options.db.ping();
      return c.json({ status: "ready" });
    } catch {
      return problemResponse(c, 503, "The database is unreachable.", { headers: { "Retry-After": "5" } });
    }
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Todo API",
      version: "1.0.0",
      description: "Each caller sees only their own tasks; identity comes only from the Bearer JWT.",
      // An SPDX `identifier` is OpenAPI 3.1; the config type here is 3.0's, which lacks it.
      license: { name: "MIT", identifier: "MIT" } as { name: string },
    },
    // Relative to the document: whatever address served it, in every deployment.
    servers: [{ url: "/", description: "The API that serves this document" }],
  });
  app.route("/", docsRoutes());

  app.use(
    "/api/*",
    cors({
      origin: options.webOrigin,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
      exposeHeaders: ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "X-Request-Id"],
      maxAge: 600,
    }),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
  });
  if (options.rateLimit > 0)
    app.use(
      "/api/*",
      limitFailedAuthPerIp({
        limiter,
        perMinute: options.rateLimit,
        trustProxy: options.trustProxy ?? false,
      }),
    );
  app.use("/api/*", requireUser(options.auth));
  if (options.rateLimit > 0) app.use("/api/*", limitPerUser({ limiter, perMinute: options.rateLimit }));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: API_BODY_MAX_BYTES,
      onError: (c) => problemResponse(c, 413, "The request body is larger than 64 KiB."),
    }),
  );
  app.use("/api/*", requireJsonBody);

  const tasks = taskRoutes(taskService);
  app.route("/", meRoutes(createAccountService(options.db)));
  app.route("/api/tasks", tasks);
  app.route("/", compatRoutes(taskService, tasks));

  return app;
}
