// `node --import tsx bench/dates.ts`: what turning timestamps into JS Dates
// and back costs per list response, in-process and without a database.
//
// A page of 51 rows as PostgreSQL sends timestamptz (text such as
// "2026-11-21 23:55:19.583+00") goes through three paths:
//   dates   — what the API does today: drizzle's mapFromDriverValue makes a
//             Date of each timestamp, toTask() calls toISOString() on each;
//   strings — the text reshaped to ISO 8601 with string operations (valid
//             when the session's TimeZone is UTC, as the API could set);
//   pg      — pg's own default parser (postgres-date), as the floor uses.
// Each path ends with JSON.stringify of the page, as the response does.
import pg from "pg";
import { fmt, table } from "./lib/report";

const ROWS = 51;
const base = Date.UTC(2026, 10, 21, 12);
const pgText = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "+00");
const rows = Array.from({ length: ROWS }, (_, i) => ({
  id: `3f1c1a52-8a0e-4a53-9d7e-${String(100000000000 + i)}`,
  title: `Review the quarterly report ${i}`,
  description: i % 4 === 3 ? null : "Check the figures against last month before sending.",
  completed: i % 5 === 0,
  priority: "medium",
  tags: ["work", "urgent"],
  version: 2,
  due_at: i % 3 === 0 ? null : pgText(base + i * 86_400_000),
  created_at: pgText(base - i * 37_000),
  updated_at: pgText(base - i * 37_000 + 1234),
  completed_at: i % 5 === 0 ? pgText(base + 3_600_000) : null,
}));

type Raw = (typeof rows)[number];
const parseDate = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;
// "2026-11-21 12:00:00.123+00" → "2026-11-21T12:00:00.123Z" (PostgreSQL drops trailing zeros of the fraction)
const isoFromText = (text: string) => {
  const [day, time = ""] = text.slice(0, -3).split(" ");
  const [hms = "", frac = ""] = time.split(".");
  return `${day}T${hms}.${frac.padEnd(3, "0")}Z`;
};

const paths: Record<string, (r: Raw) => unknown> = {
  dates: (r) => {
    // drizzle: new Date(value) per column; toTask: toISOString per column.
    const due = r.due_at === null ? null : new Date(r.due_at);
    const created = new Date(r.created_at);
    const updated = new Date(r.updated_at);
    const done = r.completed_at === null ? null : new Date(r.completed_at);
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      completed: r.completed,
      priority: r.priority,
      dueAt: due?.toISOString() ?? null,
      tags: r.tags,
      createdAt: created.toISOString(),
      updatedAt: updated.toISOString(),
      completedAt: done?.toISOString() ?? null,
      version: r.version,
    };
  },
  strings: (r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    completed: r.completed,
    priority: r.priority,
    dueAt: r.due_at === null ? null : isoFromText(r.due_at),
    tags: r.tags,
    createdAt: isoFromText(r.created_at),
    updatedAt: isoFromText(r.updated_at),
    completedAt: r.completed_at === null ? null : isoFromText(r.completed_at),
    version: r.version,
  }),
  pg: (r) => ({
    ...r,
    due_at: r.due_at === null ? null : parseDate(r.due_at),
    created_at: parseDate(r.created_at),
    updated_at: parseDate(r.updated_at),
    completed_at: r.completed_at === null ? null : parseDate(r.completed_at),
  }),
};

// Same output for dates and strings, or the comparison means nothing.
const a = JSON.stringify(rows.map(paths.dates as (r: Raw) => unknown));
const b = JSON.stringify(rows.map(paths.strings as (r: Raw) => unknown));
if (a !== b) throw new Error("the string path does not produce the same JSON");

const results: Record<string, number> = {};
for (let round = 0; round < 5; round++)
  for (const [name, map] of Object.entries(paths)) {
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < 1000) {
      for (let j = 0; j < 50; j++) JSON.stringify({ items: rows.map(map), nextCursor: null });
      n += 50;
    }
    const us = ((performance.now() - started) * 1000) / n;
    results[name] = Math.min(results[name] ?? Number.POSITIVE_INFINITY, us);
  }
console.log(
  table(
    ["path (51 rows → JSON)", "µs per page (best of 5)"],
    Object.entries(results).map(([name, us]) => [name, fmt(us)]),
  ),
);
