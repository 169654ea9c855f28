// GET /api/events (SPEC §9): the caller's own changes as Server-Sent Events.
// The route only reads where to start; the hub streams (../events/event-hub.ts).
import { streamSSE } from "hono/streaming";
import type { EventHub } from "../events/event-hub";
import { ProblemError } from "../problem";
import { createRouter } from "../router";
import { problem, security, unauthorized } from "./openapi-helpers";

const position = /^\d{1,15}$/;

export function eventRoutes(hub: EventHub) {
  const app = createRouter();

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/api/events",
    operationId: "streamEvents",
    summary: "Your changes, live, as Server-Sent Events",
    description:
      '`event: task` / `event: list` with `{op: "upsert", task|list}` or `{op: "delete", id}`; `event: reminder` with `{taskId, title, dueAt, remindAt}`; `event: reset` when the changes since `Last-Event-ID` (or `?since=`) are no longer kept: reload everything. Every event\'s `id` is your own sequence number, which only grows. A comment line at least every 25 s; the stream ends when the token expires (reconnect with a fresh one and `Last-Event-ID`).',
    security,
    responses: {
      200: {
        description: "The event stream",
        content: { "text/event-stream": { schema: { type: "string" } } },
      },
      ...unauthorized,
      422: problem("A bad Last-Event-ID or since"),
    },
  });

  app.get("/api/events", (c) => {
    const from = c.req.header("last-event-id") ?? c.req.query("since");
    if (from !== undefined && !position.test(from.trim()))
      throw new ProblemError(422, "Last-Event-ID (or since) must be an event id this stream sent.", {
        errors: [{ path: "since", message: "is not an event id" }],
      });
    const since = from === undefined ? undefined : Number(from.trim());
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, (stream) => hub.serve(stream, c.var.user.id, since, c.var.tokenExpiresAt));
  });

  return app;
}
