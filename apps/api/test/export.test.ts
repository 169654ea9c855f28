// Export and import (SPEC §10) over real HTTP on both back-ends: a JSON round
// trip into a new account, a real Todoist-format CSV file, iCalendar parsed
// back with a real parser, and malformed, huge and hostile files.
import { readFileSync } from "node:fs";
import { tasks as tasksTable } from "@todo/db";
import { parse as parseCsv } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type ApiRequest, type Stack, startStack } from "./support/stack";

const fixture = readFileSync(new URL("./fixtures/todoist-export.csv", import.meta.url), "utf8");
const awkward = 'Line one, with; a "quote"\nline two \\ backslash — ünïcödé 😀';
const longTitle = `${"Plan the 😀 trip to Zürich, Genève; and Bern ".repeat(4)}`.slice(0, 199).trim();

// biome-ignore lint/suspicious/noExplicitAny: exported JSON, read loosely
type Json = any;

/** An export with what may differ between accounts taken out: ids, update times, the exporter. */
function comparable(doc: Json) {
  const listName = new Map<string, string>(doc.lists.map((l: Json) => [l.id, l.name]));
  return {
    lists: doc.lists
      .map(({ id: _, createdAt: _c, updatedAt: _u, ...list }: Json) => list)
      .sort((a: Json, b: Json) => a.name.localeCompare(b.name)),
    tasks: doc.tasks
      .map(({ id: _, updatedAt: _u, listId, ...task }: Json) => ({ ...task, list: listName.get(listId) }))
      .sort((a: Json, b: Json) => `${a.createdAt}${a.title}`.localeCompare(`${b.createdAt}${b.title}`)),
  };
}

describe.each(backends)("export and import on $name", (backend) => {
  let stack: Stack;
  let alice: TestUser;
  let bob: TestUser;
  const as = (user: TestUser, path: string, init: ApiRequest = {}) =>
    stack.request(path, { token: user.token, ...init });
  const importFile = (user: TestUser, body: string, type: string, query = "") =>
    as(user, `/api/import${query}`, { method: "POST", body, headers: { "content-type": type } });
  const exportAs = async (user: TestUser, format = "json") => {
    const response = await as(user, `/api/export?format=${format}`);
    expect(response.status).toBe(200);
    return response;
  };
  const count = async (user: TestUser) =>
    (await as(user, "/api/tasks?limit=100&status=all")).body.items.length as number;

  beforeAll(async () => {
    stack = await startStack(backend);
    [alice, bob] = await Promise.all([stack.auth.signUp("Alice"), stack.auth.signUp("Bob")]);
    await as(alice, "/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } });
    const work = (await as(alice, "/api/lists", { method: "POST", json: { name: "Work", color: "blue" } }))
      .body;
    const someday = (
      await as(alice, "/api/lists", { method: "POST", json: { name: "Someday", color: "pink" } })
    ).body;
    await as(alice, `/api/lists/${someday.id}`, { method: "PATCH", json: { archived: true } });
    const post = async (json: unknown) => (await as(alice, "/api/tasks", { method: "POST", json })).body;
    const weekly = await post({
      title: "Team sync",
      listId: work.id,
      priority: "high",
      dueDate: "2026-11-02",
      recurrence: { rule: "FREQ=WEEKLY;BYDAY=MO,FR" },
      tags: ["meetings", "work"],
    });
    await as(alice, `/api/tasks/${weekly.id}`, { method: "PATCH", json: { completed: true } });
    const timed = await post({
      title: longTitle,
      description: awkward,
      dueAt: "2026-12-24T16:00:00.000Z",
      priority: "medium",
      tags: ["travel", "with space"],
    });
    await stack.db.handle.db
      .update(tasksTable)
      .set({ reminders: [{ before: 30 }, { at: "2026-12-24T08:00:00.000Z" }] })
      .where(eq(tasksTable.id, timed.id));
    await post({
      title: "=cmd|' /C calc'!A0",
      description: "@SUM(1+1)",
      priority: "low",
      dueDate: "2027-01-15",
    });
    await post({ title: "Filed away", listId: someday.id });
    await post({ title: "Done already", completed: true, tags: ["done"] });
    await as(bob, "/api/tasks", { method: "POST", json: { title: "bob's secret", dueDate: "2026-12-01" } });
  });
  afterAll(() => stack.close());

  it("exports everything as JSON, as an attachment, and nothing of anyone else's", async () => {
    const response = await exportAs(alice);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="todo-export-.+\.json"$/,
    );
    const doc = response.body;
    expect(doc).toMatchObject({
      schemaVersion: 1,
      user: { id: alice.id, email: alice.email, timeZone: "Europe/Berlin" },
    });
    expect(doc.lists.map((l: Json) => [l.name, l.isInbox, l.archived])).toEqual([
      ["Inbox", true, false],
      ["Work", false, false],
      ["Someday", false, true],
    ]);
    expect(doc.tasks).toHaveLength(5);
    const sync = doc.tasks.find((t: Json) => t.title === "Team sync");
    expect(sync).toMatchObject({
      recurrence: { rule: "FREQ=WEEKLY;BYDAY=MO,FR", from: "due" },
      recurrenceAnchor: "2026-11-02",
      recurrenceDone: 1,
      completions: [{ dueDate: "2026-11-02" }],
    });
    expect(doc.tasks.find((t: Json) => t.title === longTitle).reminders).toEqual([
      { before: 30 },
      { at: "2026-12-24T08:00:00.000Z" },
    ]);
    expect(doc.tasks.find((t: Json) => t.title === "Done already")).toMatchObject({ completed: true });
    expect(JSON.stringify(doc)).not.toContain("bob's secret");
    const bobs = (await exportAs(bob)).body;
    expect(bobs.tasks.map((t: Json) => t.title)).toEqual(["bob's secret"]);
    expect(JSON.stringify(bobs)).not.toContain(alice.id);
  });

  it("round-trips: export, import into a new account, export again: equal but for ids and times", async () => {
    const original = (await exportAs(alice)).body;
    const carol = await stack.auth.signUp("Carol");
    await as(carol, "/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } });
    const first = await importFile(carol, JSON.stringify(original), "application/json");
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ created: { lists: 3, tasks: 5 }, skipped: 0, errors: [] });
    const copy = (await exportAs(carol)).body;
    expect(comparable(copy)).toEqual(comparable(original));

    // The same file again creates nothing.
    const again = await importFile(carol, JSON.stringify(original), "application/json");
    expect(again.body).toEqual({ created: { lists: 0, tasks: 0 }, skipped: 5, errors: [] });
    expect(comparable((await exportAs(carol)).body)).toEqual(comparable(original));
    // Nor does a restore into the account it came from.
    const restore = await importFile(alice, JSON.stringify(original), "application/json");
    expect(restore.body).toMatchObject({ created: { lists: 0, tasks: 0 }, skipped: 5 });
  });

  it("imports a real Todoist CSV export: sections, notes, recurring dates, priorities, labels", async () => {
    const dave = await stack.auth.signUp("Dave");
    await as(dave, "/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } });
    const result = await importFile(dave, fixture, "text/csv; charset=utf-8");
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.created).toEqual({ lists: 3, tasks: 10 });
    expect(result.body.skipped).toBe(1);
    expect(result.body.errors).toEqual([
      { line: 24, message: 'DATE "sometime next fubarday" was not understood; the task has no due' },
      { line: 26, message: "a task without a title was left out" },
      { line: 28, message: 'PRIORITY "9" is not 1–4; the task has none' },
    ]);

    const lists = (await as(dave, "/api/lists")).body.items;
    expect(lists.map((l: Json) => l.name)).toEqual(["Inbox", "Home", "Work"]);
    const listName = new Map(lists.map((l: Json) => [l.id, l.name]));
    const items = (await as(dave, "/api/tasks?limit=100&sort=title")).body.items;
    const byTitle = (title: string) => items.find((t: Json) => t.title === title);
    expect(listName.get(byTitle("Inbox zero before the trip").listId)).toBe("Inbox");
    expect(byTitle("Inbox zero before the trip")).toMatchObject({ tags: ["email"], priority: "none" });
    expect(byTitle("Pay rent")).toMatchObject({
      priority: "high",
      tags: ["bills", "home"],
      description: "Transfer to the landlord's account",
      recurrence: { rule: "FREQ=MONTHLY;BYMONTHDAY=1", from: "due" },
    });
    expect(listName.get(byTitle("Pay rent").listId)).toBe("Home");
    expect(byTitle("Water the plants")).toMatchObject({
      priority: "low",
      recurrence: { rule: "FREQ=DAILY;INTERVAL=3", from: "completion" },
      description: 'The fern needs less water in winter\n\nAsk Ben, he knows "everything" about plants',
    });
    expect(byTitle("Buy a birthday present for Mia")).toMatchObject({
      priority: "medium",
      tags: ["shopping"],
      dueAt: "2026-12-24T16:00:00.000Z",
      dueDate: "2026-12-24",
    });
    expect(byTitle("Buy a birthday present for Mia").description).toMatch(
      /^Something to read;\r?\nmaybe a book$/,
    );
    expect(byTitle("Fix the bike light")).toMatchObject({ priority: "none", dueDate: null });
    const formula = byTitle('=HYPERLINK("http://evil.example","Quarterly report")');
    expect(formula).toMatchObject({ priority: "high", recurrence: { rule: "FREQ=MONTHLY;BYMONTHDAY=-1" } });
    expect(listName.get(formula.listId)).toBe("Work");
    expect(byTitle('Prepare slides, "Q4 review"')).toMatchObject({
      tags: ["work"],
      recurrence: { rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" },
    });
    expect(byTitle('Prepare slides, "Q4 review"').dueAt).toMatch(/T0[78]:00:00\.000Z$/);
    expect(byTitle("+1 the design doc").dueDate).not.toBeNull();
    expect(byTitle("Call the dentist")).toMatchObject({ dueDate: null, priority: "low" });
    expect(byTitle("Renew passport")).toMatchObject({ dueDate: "2027-03-01", priority: "none" });

    const again = await importFile(dave, fixture, "text/csv");
    expect(again.body).toMatchObject({ created: { lists: 0, tasks: 0 }, skipped: 11 });
    expect(await count(dave)).toBe(10);
  });

  it("exports open tasks as a Todoist CSV: sections per list, formulas escaped, and reads it back", async () => {
    const response = await exportAs(alice, "csv");
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const text: string = response.body;
    expect(text.split("\r\n")[0]).toBe(
      "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE",
    );
    const rows: string[][] = parseCsv(text, { relax_column_count: true });
    const body = rows.slice(1).filter((row) => row.some((cell) => cell !== ""));
    expect(body.filter((r) => r[0] === "section").map((r) => r[1])).toEqual(["Inbox", "Work", "Someday"]);
    const tasks = body.filter((r) => r[0] === "task");
    expect(tasks.map((r) => r[1])).not.toContain("Done already");
    const formula = tasks.find((r) => r[1]?.includes("calc"));
    expect(formula?.[1]).toBe("'=cmd|' /C calc'!A0");
    expect(formula?.[2]).toBe("'@SUM(1+1)");
    expect(formula?.[3]).toBe("2");
    for (const row of tasks)
      for (const cell of row) expect(cell, JSON.stringify(row)).not.toMatch(/^[=+\-@\t\r]/);
    const sync = tasks.find((r) => r[1]?.startsWith("Team sync"));
    expect(sync).toEqual([
      "task",
      "Team sync @meetings @work",
      "",
      "4",
      "1",
      "",
      "",
      expect.stringMatching(/^every Mon, Fri starting \d{4}-\d{2}-\d{2}$/),
      "en",
      "Europe/Berlin",
    ]);
    expect(tasks.find((r) => r[1]?.includes("Zürich"))?.[7]).toBe("2026-12-24 17:00");

    const erin = await stack.auth.signUp("Erin");
    await as(erin, "/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } });
    const imported = await importFile(erin, text, "text/csv");
    expect(imported.body).toMatchObject({ created: { tasks: 4 }, errors: [] });
    // Open tasks, archived lists' too (the CSV has no "archived": their section comes back as a list).
    const open = async (user: TestUser) =>
      (await exportAs(user)).body.tasks
        .filter((t: Json) => !t.completed)
        .sort((a: Json, b: Json) => a.title.localeCompare(b.title));
    const [original, copy] = [await open(alice), await open(erin)];
    const pick = (t: Json) => [
      t.title,
      t.description,
      t.priority,
      t.dueDate,
      t.dueAt,
      t.recurrence?.rule,
      t.tags,
    ];
    // Tags with a space become one label ("with space" → "with_space"); everything else is kept.
    expect(copy.map(pick)).toEqual(
      original.map((t: Json) => pick({ ...t, tags: t.tags.map((tag: string) => tag.replace(" ", "_")) })),
    );
  });

  it("exports iCalendar that a real parser reads back: CRLF, 75-octet folding, escaping", async () => {
    const response = await exportAs(alice, "ics");
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text: string = response.body;
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n").slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);

    const calendar = new ICAL.Component(ICAL.parse(text));
    const todos = calendar.getAllSubcomponents("vtodo");
    expect(todos).toHaveLength(5);
    const find = (summary: string) => {
      const todo = todos.find((t) => t.getFirstPropertyValue("summary") === summary);
      if (!todo) throw new Error(`no VTODO ${summary}`);
      return todo;
    };
    const trip = find(longTitle);
    expect(trip.getFirstPropertyValue("description")).toBe(awkward);
    expect(trip.getFirstPropertyValue("due")?.toString()).toBe("2026-12-24T16:00:00Z");
    expect(trip.getFirstPropertyValue("priority")).toBe(5);
    expect(trip.getFirstProperty("categories")?.getValues()).toEqual(["travel", "with space"]);
    const alarms = trip.getAllSubcomponents("valarm");
    expect(alarms.map((a) => a.getFirstPropertyValue("trigger")?.toString())).toEqual([
      "-PT30M",
      "2026-12-24T08:00:00Z",
    ]);
    expect(alarms[0]?.getFirstProperty("trigger")?.getParameter("related")).toBe("END");
    const sync = find("Team sync");
    const due = sync.getFirstProperty("due");
    expect(due?.type).toBe("date");
    expect(sync.getFirstPropertyValue("rrule")?.toString()).toBe("FREQ=WEEKLY;BYDAY=MO,FR");
    expect(sync.getFirstPropertyValue("priority")).toBe(1);
    expect(sync.getFirstPropertyValue("status")).toBe("NEEDS-ACTION");
    expect(find("Done already").getFirstPropertyValue("status")).toBe("COMPLETED");
    expect(find("Done already").getFirstPropertyValue("completed")).toBeTruthy();
    expect(find("=cmd|' /C calc'!A0").getFirstPropertyValue("priority")).toBe(9);
    expect(text).not.toContain("bob's secret");
  });

  it("refuses malformed, wrong-shaped and hostile files without a 500, importing nothing", async () => {
    const frank = await stack.auth.signUp("Frank");
    const cases: [string, string, number][] = [
      ['{"schemaVersion": 1, "tasks": [', "application/json", 400],
      [JSON.stringify({ schemaVersion: 1, lists: "x", tasks: [{ title: "" }] }), "application/json", 422],
      [JSON.stringify({ schemaVersion: 2, exportedAt: "x", lists: [], tasks: [] }), "application/json", 422],
      ["[]", "application/json", 422],
      ["null", "application/json", 422],
      ["just,some,csv\n1,2,3\n", "text/csv", 422],
      ["", "text/csv", 422],
      ['TYPE,CONTENT\ntask,"unterminated\n', "text/csv", 422],
      ["TYPE,CONTENT\ntask,ok\u0000\n", "text/csv", 422],
      ["TYPE,CONTENT\ntask,hello\n", "text/plain", 415],
    ];
    for (const [body, type, status] of cases) {
      const response = await importFile(frank, body, type);
      expect(response.status, `${type} ${body.slice(0, 40)}`).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    const shape = await importFile(
      frank,
      JSON.stringify({ schemaVersion: 1, lists: "x" }),
      "application/json",
    );
    expect(shape.body.errors.map((e: Json) => e.path)).toEqual(
      expect.arrayContaining(["lists", "exportedAt"]),
    );
    const binary = await fetch(`${stack.api.url}/api/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${frank.token}`, "content-type": "text/csv" },
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    });
    expect(binary.status).toBe(422);
    const empty = await as(frank, "/api/import", { method: "POST" });
    expect(empty.status).toBe(415);
    expect(await count(frank)).toBe(0);
  });

  it("takes files up to 5 MiB on /api/import only: 5 MiB + 1 is 413, other routes keep 64 KiB", async () => {
    const big = "x".repeat(5 * 1024 * 1024 + 1);
    expect((await importFile(alice, big, "text/csv")).status).toBe(413);
    const chunked = await fetch(`${stack.api.url}/api/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.token}`, "content-type": "text/csv" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const overTasks = await as(alice, "/api/tasks", {
      method: "POST",
      body: JSON.stringify({ title: "x", description: "y".repeat(64 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(overTasks.status).toBe(413);
    // A CSV body is still refused everywhere else.
    const csvElsewhere = await as(alice, "/api/tasks", {
      method: "POST",
      body: "TYPE,CONTENT\n",
      headers: { "content-type": "text/csv" },
    });
    expect(csvElsewhere.status).toBe(415);
  });

  it("refuses a file over the 10,000-task cap with 422 and imports nothing", async () => {
    const gina = await stack.auth.signUp("Gina");
    const inbox = "00000000-0000-4000-8000-000000000001";
    const task = (i: number) => ({
      id: "00000000-0000-4000-8000-000000000002",
      listId: inbox,
      title: `Task ${i}`,
      description: null,
      completed: false,
      priority: "none",
      dueDate: null,
      dueAt: null,
      recurrence: null,
      recurrenceAnchor: null,
      recurrenceDone: 0,
      reminders: [],
      tags: [],
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      completedAt: null,
      completions: [],
    });
    const doc = {
      schemaVersion: 1,
      exportedAt: "2026-01-01T00:00:00.000Z",
      user: { id: "x", email: null, name: null, timeZone: "UTC" },
      lists: [
        {
          id: inbox,
          name: "Inbox",
          color: "grey",
          position: 0,
          isInbox: true,
          archived: false,
          createdAt: "2026-01-01T00:00:00.000Z",
          updatedAt: "2026-01-01T00:00:00.000Z",
        },
      ],
      tasks: Array.from({ length: 10_001 }, (_, i) => task(i)),
    };
    const json = await importFile(gina, JSON.stringify(doc), "application/json");
    expect(json.status).toBe(422);
    expect(json.body.detail).toMatch(/10,001 tasks.*10,000/);
    const csv = `TYPE,CONTENT\n${Array.from({ length: 10_001 }, (_, i) => `task,Task ${i}`).join("\n")}\n`;
    const fromCsv = await importFile(gina, csv, "text/csv");
    expect(fromCsv.status).toBe(422);
    expect(await count(gina)).toBe(0);
    expect((await as(gina, "/api/lists")).body.items.map((l: Json) => l.name)).toEqual(["Inbox"]);
  });
});

describe.each(backends)("the task cap counts what an account already has, on $name", (backend) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(backend, { maxTasksPerUser: 5 });
  });
  afterAll(() => stack.close());

  it("refuses an import that would take the owner past the cap, as a whole", async () => {
    const user = await stack.auth.signUp("Hal");
    for (let i = 0; i < 3; i++)
      await stack.request("/api/tasks", { method: "POST", token: user.token, json: { title: `have ${i}` } });
    const csv = "TYPE,CONTENT\ntask,new 1\ntask,new 2\ntask,new 3\n";
    const response = await stack.request("/api/import", {
      method: "POST",
      token: user.token,
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(/6 tasks/);
    const left = await stack.request("/api/tasks?limit=100", { token: user.token });
    expect(left.body.items).toHaveLength(3);
  });
});
