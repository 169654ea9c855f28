// The calendar feed (SPEC §10): make, replace and revoke your secret URL
// under /api (Bearer token), and the feed itself at /calendar/{token}.ics,
// outside /api: a calendar app has no Bearer token, the URL is the credential.
import { createRoute, z } from "@hono/zod-openapi";
import { CalendarFeedSchema } from "@todo/contract/export-schemas";
import type { RateLimiter } from "@todo/db";
import { createMiddleware } from "hono/factory";
import { addressBucket, clientIp } from "../client-ip";
import { ProblemError, problemResponse } from "../problem";
import { createRouter } from "../router";
import type { CalendarFeedService } from "../services/calendar-feed";
import type { ExportService } from "../services/export";
import { problem, security, unauthorized } from "./openapi-helpers";

export interface FeedLimitOptions {
  limiter: RateLimiter;
  /** Requests per feed, and unknown-feed requests per address, per minute; 0 turns both off. */
  perMinute: number;
  trustProxy: boolean;
}

export function calendarFeedRoutes(
  feeds: CalendarFeedService,
  exports: ExportService,
  limits: FeedLimitOptions,
) {
  const app = createRouter();

  // A request for a feed that is not there counts against its address: past
  // the limit the answer is 429, so tokens cannot be guessed at speed (and a
  // shared calendar fetcher is never slowed by someone else's valid feed).
  if (limits.perMinute > 0)
    app.use(
      "/calendar/*",
      createMiddleware(async (c, next) => {
        await next();
        if (c.res.status !== 404) return;
        const decision = await limits.limiter.consume(
          `feed-ip:${addressBucket(clientIp(c, limits.trustProxy))}`,
          limits.perMinute,
          60_000,
        );
        if (!decision.allowed)
          c.res = problemResponse(c, 429, "Too many requests for unknown calendar feeds from this address.", {
            headers: { "Retry-After": String(decision.retryAfterSeconds) },
          });
      }),
    );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/calendar-feed",
      operationId: "createCalendarFeed",
      summary: "Make (or replace) your calendar feed URL",
      description:
        "Returns a secret URL serving your open tasks that have a due, as iCalendar, for a calendar app to subscribe to. Anyone with the URL can read those tasks (titles, descriptions, dues, tags), without signing in. It is shown only now (only a hash is kept); calling this again replaces it and the old URL stops working at once.",
      security,
      responses: {
        201: {
          content: { "application/json": { schema: CalendarFeedSchema } },
          description: "Your feed's URL",
        },
        ...unauthorized,
      },
    }),
    async (c) => c.json({ url: await feeds.createFeed(c.var.user.id) }, 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/calendar-feed",
      operationId: "getCalendarFeedStatus",
      summary: "Whether you have a calendar feed URL",
      description: "The URL itself is shown only when it is made: only a hash of its secret is kept.",
      security,
      responses: {
        200: {
          content: {
            "application/json": {
              schema: z
                .object({ active: z.boolean(), createdAt: z.string().nullable() })
                .openapi("CalendarFeedStatus"),
            },
          },
          description: "Your feed's status",
        },
        ...unauthorized,
      },
    }),
    async (c) => c.json(await feeds.feedStatus(c.var.user.id), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/calendar-feed",
      operationId: "revokeCalendarFeed",
      summary: "Revoke your calendar feed URL",
      description: "The URL stops working at once (404). Revoking when there is none is not an error.",
      security,
      responses: {
        204: { description: "Revoked" },
        ...unauthorized,
      },
    }),
    async (c) => {
      await feeds.revokeFeed(c.var.user.id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/calendar/{file}",
      operationId: "getCalendarFeed",
      summary: "Your calendar feed (no Bearer token: the URL is the credential)",
      description:
        "Your open tasks with a due, one `VTODO` each, as `GET /api/export?format=ics` writes them. An unknown or revoked token is 404. The address is never written to the server's logs.",
      // No Bearer token: the secret in the path is the credential.
      security: [],
      request: {
        params: z.object({
          file: z.string().openapi({
            param: { name: "file", in: "path" },
            description: "The secret token from POST /api/calendar-feed, then `.ics`",
          }),
        }),
      },
      responses: {
        200: { content: { "text/calendar": { schema: z.string() } }, description: "The calendar" },
        404: problem("No feed at this address"),
        429: problem("Too many requests"),
      },
    }),
    async (c) => {
      const file = c.req.valid("param").file;
      const token = file.endsWith(".ics") ? file.slice(0, -4) : "";
      const { ownerId, tokenHash } = await feeds.ownerOfToken(token);
      if (limits.perMinute > 0) {
        const decision = await limits.limiter.consume(`feed:${tokenHash}`, limits.perMinute, 60_000);
        if (!decision.allowed)
          throw new ProblemError(429, "This calendar feed is being read too often; slow down.", {
            headers: { "Retry-After": String(decision.retryAfterSeconds) },
          });
      }
      return c.body(exports.feedIcs(ownerId), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="todo.ics"',
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
      });
    },
  );

  return app;
}
