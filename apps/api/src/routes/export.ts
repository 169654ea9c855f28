// Export and import (SPEC §10). The download is streamed as it is made; the
// upload is the one body allowed past 64 KiB (app.ts gives /api/import its
// own 5 MiB limit), and either our JSON export or a Todoist CSV file.
import { createRoute, z } from "@hono/zod-openapi";
import {
  type ExportDocument,
  ExportDocumentSchema,
  type ExportFormat,
  ExportQuerySchema,
  ImportProblemSchema,
  ImportQuerySchema,
  ImportResultSchema,
} from "@todo/contract/export-schemas";
import { ProblemError } from "../problem";
import { createRouter } from "../router";
import type { ExportService } from "../services/export";
import type { ImportService } from "../services/import";
import { problem, refusals, security, unauthorized } from "./openapi-helpers";

export const IMPORT_PATH = "/api/import";

const files: Record<ExportFormat, { type: string; extension: string }> = {
  json: { type: "application/json; charset=utf-8", extension: "json" },
  csv: { type: "text/csv; charset=utf-8", extension: "csv" },
  ics: { type: "text/calendar; charset=utf-8", extension: "ics" },
};

const csvType = /^text\/csv\s*(?:;|$)/i;
const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function exportRoutes(exports: ExportService, imports: ImportService) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/export",
      operationId: "exportData",
      summary: "Download everything you have",
      description: [
        "A file to keep, sent as an attachment and streamed as it is made (a cut connection means an incomplete file).",
        "",
        "- `format=json` (default): `{schemaVersion: 1, exportedAt, user, lists, tasks}` with completed tasks, recurrence, reminders and each recurring task's completions. `POST /api/import` reads it back without loss (ids and `updatedAt` aside).",
        "- `format=csv`: Todoist's CSV import format (`TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE`), one file of your open tasks: each list is a `section` row followed by its tasks, so it imports into one Todoist project with a section per list. Tags are `@labels` in CONTENT; PRIORITY is Todoist's number (4 = p1 = high … 1 = p4 = none); DATE is a phrase such as `2026-12-24 17:00` or `every month on the 1st starting 2026-12-01` in your time zone. A cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so that no spreadsheet runs it as a formula.",
        "- `format=ics`: iCalendar (RFC 5545), one `VTODO` per task: `DUE` (a DATE when all-day, else UTC), `RRULE`, `PRIORITY` (1 high, 5 medium, 9 low), `STATUS` (`NEEDS-ACTION` or `COMPLETED`), `CATEGORIES` from tags, a `VALARM` per reminder.",
      ].join("\n"),
      security,
      request: { query: ExportQuerySchema },
      responses: {
        200: {
          content: {
            "application/json": { schema: ExportDocumentSchema },
            "text/csv": { schema: z.string() },
            "text/calendar": { schema: z.string() },
          },
          description: "The file, with `Content-Disposition: attachment`",
        },
        ...refusals,
      },
    }),
    (c) => {
      const { format } = c.req.valid("query");
      const user = c.var.user;
      const body =
        format === "csv"
          ? exports.exportCsv(user.id)
          : format === "ics"
            ? exports.exportIcs(user.id)
            : exports.exportJson(user);
      const { type, extension } = files[format];
      const day = new Date().toISOString().slice(0, 10);
      return c.body(body, 200, {
        "Content-Type": type,
        "Content-Disposition": `attachment; filename="todo-export-${day}.${extension}"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: IMPORT_PATH,
      operationId: "importData",
      summary: "Import our JSON export or a Todoist CSV file",
      description: [
        "Up to 5 MiB. `Content-Type: application/json` for a file from `GET /api/export?format=json`; `text/csv` for a Todoist CSV export (a project's *Export as template* file).",
        "",
        "All or nothing: the whole file is written in one transaction. Importing the same file again creates nothing: a JSON task is recognised by its title and creation time (which the import keeps), a CSV task by its list, title and description. Lists are matched by name, ignoring case; the others are made. Over the 10,000-task cap, nothing is imported (422).",
        "",
        "Todoist CSV: each `section` row starts a list of that name; tasks before any section go to the list named by `list`, else your Inbox. `note` rows are added to the description of the task above them. `@labels` in CONTENT become tags; PRIORITY 4 is high, 3 medium, 2 low, 1 (or empty) none; DATE is read by the quick-add parser in your time zone (`every monday`, `2026-12-24 17:00`…). Sub-tasks (INDENT > 1) become ordinary tasks. A row that cannot be read in full is imported as far as it can be, or left out, and reported in `errors` with its line.",
      ].join("\n"),
      security,
      request: {
        query: ImportQuerySchema,
        body: {
          content: {
            "application/json": { schema: ExportDocumentSchema },
            "text/csv": { schema: z.string().meta({ description: "A Todoist CSV file" }) },
          },
          description: "The file",
        },
      },
      responses: {
        200: {
          content: { "application/json": { schema: ImportResultSchema } },
          description: "What was imported",
        },
        400: problem("The body is not JSON"),
        ...unauthorized,
        413: problem("The file is larger than 5 MiB"),
        415: problem("Neither application/json nor text/csv"),
        422: {
          content: { "application/problem+json": { schema: ImportProblemSchema } },
          description:
            "Not a file we can import (wrong shape, not a Todoist CSV, over the task cap); nothing was imported",
        },
      },
    }),
    async (c) => {
      const ownerId = c.var.user.id;
      const type = c.req.header("content-type") ?? "";
      if (csvType.test(type))
        return c.json(
          await imports.importCsv(ownerId, await c.req.arrayBuffer(), c.req.valid("query").list),
          200,
        );
      // The JSON body was checked against the export's schema on the way in; no body at all is refused here.
      if (!jsonType.test(type))
        throw new ProblemError(415, "Send the file as application/json (our export) or text/csv (Todoist).");
      return c.json(await imports.importJson(ownerId, c.req.valid("json") as ExportDocument), 200);
    },
  );

  return app;
}
