// The floor: the least a Node process can do to answer the list request. A
// bare node:http handler runs the very SQL the task repository generates for
// `GET /api/tasks?limit=50` with `pg`, and writes the rows with
// JSON.stringify. No framework, no validation, no token: the user id comes
// from a trusted `x-user-id` header.
//
// Settings (environment): FLOOR_SQL (the query text, captured from the
// repository by bench/api.ts through drizzle's logger), DATABASE_URL, PORT, DB_POOL_SIZE (default 10, the
// API's default). Two variants measure what the API could gain:
// FLOOR_PREPARED=1 sends the query as a named (prepared) statement, and
// FLOOR_RAW_DATES=1 keeps timestamps as PostgreSQL's text instead of JS Dates.
import { createServer } from "node:http";
import pg from "pg";

const databaseUrl = process.env.DATABASE_URL;
const sql = process.env.FLOOR_SQL;
if (!databaseUrl || !sql) throw new Error("floor: DATABASE_URL and FLOOR_SQL are required");
const port = Number(process.env.PORT ?? 0);
const prepared = process.env.FLOOR_PREPARED === "1";
const rawDates = process.env.FLOOR_RAW_DATES === "1";
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.DB_POOL_SIZE ?? 10) });
const keepText = (value: string) => value;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMPTZ
      ? keepText
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

async function main() {
  const query = sql as string;
  const server = createServer((request, response) => {
    if (request.url === "/health") {
      response.writeHead(200).end("ok");
      return;
    }
    const owner = request.headers["x-user-id"];
    if (typeof owner !== "string") {
      response.writeHead(400).end();
      return;
    }
    pool
      .query({
        text: query,
        values: [owner, 51],
        ...(prepared && { name: "floor_list" }),
        ...(rawDates && { types }),
      })
      .then(
        ({ rows }) => {
          const items = rows.slice(0, 50);
          const body = JSON.stringify({ items, nextCursor: rows.length > 50 ? items.at(-1)?.id : null });
          response.writeHead(200, { "content-type": "application/json" }).end(body);
        },
        () => response.writeHead(500).end(),
      );
  });
  server.listen(port, "127.0.0.1", () => console.log(`floor: listening on ${port}`));
  const stop = () => {
    server.close();
    server.closeAllConnections();
    pool.end().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(String(error));
  process.exit(1);
});
