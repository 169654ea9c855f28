// Quick add (SPEC §8): what a line of text would create, in the caller's zone
// and among their lists, stored nowhere. POST /api/tasks {quickAdd} creates it.
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../router";
import type { TaskService } from "../services/tasks";
import { json, refusals, security } from "./openapi-helpers";
import { QuickAddParseInputSchema, QuickAddParseSchema } from "./tasks.types";

export function quickAddRoutes(service: TaskService) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/quick-add/parse",
      operationId: "parseQuickAdd",
      summary: "What quick-add text would create",
      description:
        'Dates and times ("tomorrow 5pm", "next fri"), recurrences ("every weekday at 9:30", "every! 3 days"), `p1`–`p4`, `#List` (one of your lists) and `@tag`; the rest is the title. `tokens` locate each recognised phrase in the text.',
      security,
      request: {
        body: {
          required: true,
          ...json(QuickAddParseInputSchema, "The text"),
        },
      },
      responses: {
        200: json(QuickAddParseSchema, "The task it would create"),
        ...refusals,
      },
    }),
    async (c) => c.json(await service.parseQuickAdd(c.var.user.id, c.req.valid("json").text), 200),
  );
  return app;
}
