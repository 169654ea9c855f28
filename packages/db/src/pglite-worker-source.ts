// The code of the worker thread that owns an embedded PGlite database
// (packages/db/src/pglite-worker.ts is the other end). It is plain
// JavaScript in a string, run with `new Worker(source, { eval: true })`: a
// file would need a TypeScript loader under tsx and vitest, and would move or
// vanish when Next.js or a build bundles this package; a string goes wherever
// the module goes. The main thread resolves PGlite's files (workerData.modules)
// and the worker `require`s them by absolute path.
//
// Protocol, one message each way per request:
//   main → worker  { id, op: "query", sql, params, rowMode, rawTypes, paramTypes }
//                  { id, op: "exec", sql }   (BEGIN, COMMIT, ROLLBACK)
//                  { id, op: "close" }
//   worker → main  { type: "ready" } | { type: "failed", error }   (once, at start)
//                  { id, result } | { id, error }
// `rawTypes` are the type OIDs whose values the caller wants as PostgreSQL's
// text (drizzle passes identity parsers for dates, timestamps, intervals and
// their arrays): functions cannot cross to a worker, their OIDs can. PGlite
// runs one statement at a time in the order they arrive (its own mutex), so
// the worker needs no queue of its own.
export const PGLITE_WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { PGlite } = require(workerData.modules.pglite);
const { btree_gin } = require(workerData.modules.btree_gin);
const { pg_trgm } = require(workerData.modules.pg_trgm);

const FIELDS = ["name", "code", "severity", "detail", "hint", "position", "internalPosition", "internalQuery",
  "where", "schema", "table", "column", "dataType", "constraint", "file", "line", "routine"];
function describe(error) {
  const out = { message: String(error && error.message !== undefined ? error.message : error) };
  for (const key of FIELDS) {
    const value = error ? error[key] : undefined;
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  return out;
}
const identity = (value) => value;
function answer(result) {
  return {
    rows: result.rows,
    fields: result.fields,
    affectedRows: result.affectedRows,
    command: result.command,
    rowCount: result.rowCount,
  };
}

let db;
async function handle(message) {
  if (message.op === "query") {
    const parsers = {};
    for (const oid of message.rawTypes) parsers[oid] = identity;
    const options = { rowMode: message.rowMode, parsers };
    if (message.paramTypes) options.paramTypes = message.paramTypes;
    return answer(await db.query(message.sql, message.params, options));
  }
  if (message.op === "exec") return (await db.exec(message.sql)).map(answer);
  if (message.op === "close") {
    if (!db.closed) await db.close();
    return null;
  }
  throw new Error("unknown request " + message.op);
}

parentPort.on("message", (message) => {
  handle(message).then(
    (result) => parentPort.postMessage({ id: message.id, result }),
    (error) => parentPort.postMessage({ id: message.id, error: describe(error) }),
  );
});

(async () => {
  // pg_trgm and btree_gin back the indexes that keep q= search fast (see migrations/tasks).
  db = new PGlite({ dataDir: workerData.dataDir, extensions: { btree_gin, pg_trgm } });
  await db.waitReady;
})().then(
  () => parentPort.postMessage({ type: "ready" }),
  (error) => parentPort.postMessage({ type: "failed", error: describe(error) }),
);
`;
