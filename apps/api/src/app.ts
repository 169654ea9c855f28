import { API_BODY_MAX_BYTES, IMPORT_BODY_MAX_BYTES } from "@todo/contract/limits";
import { createRateLimiter, type DbHandle } from "@todo/db";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { requestId } from "hono/request-id";
import { type RequireUserOptions, requireUser } from "./auth/require-user";
import { docsRoutes } from "./docs";
import { answerFor } from "./domain-errors";
import { createEventHub, type EventHub } from "./events/event-hub";
import { type Logger, requestLogger, silentLogger } from "./logger";
import { mcpRoutes } from "./mcp/routes";
import { ProblemError, problemResponse } from "./problem";
import { limitFailedAuthPerIp, limitPerUser } from "./rate-limit";
import { createRouter } from "./router";
import { calendarFeedRoutes } from "./routes/calendar-feed";
import { compatRoutes } from "./routes/compat";
import { eventRoutes } from "./routes/events";
import { exportRoutes, IMPORT_PATH } from "./routes/export";
import { listRoutes } from "./routes/lists";
import { meRoutes } from "./routes/me";
import { notificationRoutes } from "./routes/notifications";
import { quickAddRoutes } from "./routes/quick-add";
import { taskRoutes } from "./routes/tasks";
import { createAccountService } from "./services/account";
import { createCalendarFeedService } from "./services/calendar-feed";
import { createExportService } from "./services/export";
import { createImportService } from "./services/import";
import { createListService } from "./services/lists";
import { createNotificationService, type NotificationOptions } from "./services/notifications";
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
  /** Web Push and email reminders (SPEC §9); off unless given. */
  notifications?: NotificationOptions;
  /** The event streams' hub (one is made unless given: the server keeps it to end streams on shutdown). */
  events?: EventHub;
}

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const csvType = /^text\/csv\s*(?:;|$)/i;
/** POST /api/import: the one route with a larger body (5 MiB), which may also be a CSV file. */
const isImport = (c: Context) => c.req.method === "POST" && c.req.path === IMPORT_PATH;

/** Writes that carry a body must say it is JSON; a body-less write goes on to its route's own checks. */
const requireJsonBody = createMiddleware(async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method)) {
    const hasBody = Number(c.req.header("content-length") ?? 0) > 0 || c.req.header("transfer-encoding");
    const type = c.req.header("content-type");
    if ((hasBody || type) && !jsonType.test(type ?? "") && !(isImport(c) && csvType.test(type ?? "")))
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
  const exportService = createExportService(options.db, {
    onStreamError: (err) => logger.error({ err }, "export stream failed"),
  });
  const importService = createImportService(options.db, { maxTasksPerOwner: options.maxTasksPerUser });
  const calendarFeeds = createCalendarFeedService(options.db, { apiUrl: options.auth.audience });
  const feedLimits = { limiter, perMinute: options.rateLimit, trustProxy: options.trustProxy ?? false };
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
      // Last-Event-ID: a browser EventSource-style client resumes /api/events with it (SPEC §9).
      allowHeaders: ["Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Last-Event-ID"],
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
  const apiBodyLimit = bodyLimit({
    maxSize: API_BODY_MAX_BYTES,
    onError: (c) => problemResponse(c, 413, "The request body is larger than 64 KiB."),
  });
  const importBodyLimit = bodyLimit({
    maxSize: IMPORT_BODY_MAX_BYTES,
    onError: (c) => problemResponse(c, 413, "The file is larger than 5 MiB."),
  });
  app.use("/api/*", (c, next) => (isImport(c) ? importBodyLimit : apiBodyLimit)(c, next));
  app.use("/api/*", requireJsonBody);

  const tasks = taskRoutes(taskService);
  app.route("/", meRoutes(createAccountService(options.db)));
  app.route("/api/tasks", tasks);
  app.route("/api/lists", listRoutes(createListService(options.db)));
  app.route("/", eventRoutes(options.events ?? createEventHub(options.db)));
  app.route("/", quickAddRoutes(taskService));
  app.route("/", compatRoutes(taskService, tasks));
  app.route("/", exportRoutes(exportService, importService));
  app.route("/", calendarFeedRoutes(calendarFeeds, exportService, feedLimits));
  app.route("/", notificationRoutes(createNotificationService(options.db, options.notifications)));
  // SPEC §11: MCP at /mcp, behind requireUser pinned to the `${API_URL}/mcp` audience.
  app.route(
    "/",
    mcpRoutes({
      tasks: taskService,
      lists: createListService(options.db),
      logger,
      auth: options.auth,
      limiter,
      rateLimit: options.rateLimit,
      trustProxy: options.trustProxy ?? false,
    }),
  );

  return app;
}
