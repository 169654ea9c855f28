import { createRateLimiter, createTaskRepository, type DbHandle } from "@todo/db";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { type RequireUserOptions, requireUser } from "./auth/require-user";
import { classifyDatabaseError } from "./database-errors";
import { docsRoutes } from "./docs";
import { ProblemError, problemResponse } from "./problem";
import { limitPerUser } from "./rate-limit";
import { createRouter } from "./router";
import { compatRoutes } from "./routes/compat";
import { taskRoutes } from "./routes/tasks";

export interface AppOptions {
  db: DbHandle;
  auth: RequireUserOptions;
  /** The web app's origin, the only one allowed to call the API from a browser. */
  webOrigin: string;
  /** Requests per user per minute on /api/*; 0 turns the limit off. */
  rateLimit: number;
}

const MAX_BODY_BYTES = 64 * 1024;
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

function handleError(error: Error, c: Context): Response {
  if (error instanceof ProblemError) return problemResponse(c, error.status, error.detail, error.extra);
  if (error instanceof HTTPException) {
    const detail = error.status === 400 ? "The request body is not valid JSON." : error.message;
    return problemResponse(c, error.status, detail);
  }
  switch (classifyDatabaseError(error)) {
    case "invalid_value":
      return problemResponse(c, 422, "A value was refused by the database.");
    case "unavailable":
      return problemResponse(c, 503, "The database is unavailable; try again shortly.", {
        headers: { "Retry-After": "5" },
      });
  }
  console.error(error);
  return problemResponse(c, 500, "An unexpected error occurred.");
}

export function createApp(options: AppOptions) {
  const repo = createTaskRepository(options.db.db);
  const app = createRouter();

  app.onError(handleError);
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
    },
  });
  app.route("/", docsRoutes());

  app.use(
    "/api/*",
    cors({
      origin: options.webOrigin,
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowHeaders: ["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
      exposeHeaders: ["ETag", "Location", "Retry-After"],
      maxAge: 600,
    }),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
  });
  app.use("/api/*", requireUser(options.auth));
  // A compatibility route hands its request to the canonical one; count it once.
  const forwarded = new WeakSet<Request>();
  if (options.rateLimit > 0)
    app.use(
      "/api/*",
      limitPerUser({
        limiter: createRateLimiter(options.db.db),
        perMinute: options.rateLimit,
        isCounted: (request) => forwarded.has(request),
      }),
    );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problemResponse(c, 413, "The request body is larger than 64 KiB."),
    }),
  );
  app.use("/api/*", requireJsonBody);

  app.get("/api/me", (c) => c.json(c.var.user));
  app.route("/", taskRoutes(repo));
  app.route(
    "/",
    compatRoutes(repo, (request) => {
      forwarded.add(request);
      return app.fetch(request);
    }),
  );

  return app;
}
