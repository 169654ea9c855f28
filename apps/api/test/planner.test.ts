// The planner of SPEC §7–§8 through real HTTP, on every database back-end:
// lists, due days in the owner's zone, views, recurring tasks and quick add.
import { addDays, todayIn } from "@todo/recurrence/zoned-time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type ApiRequest, type ApiResponse, type Stack, startStack } from "./support/stack";

describe.each(backends)("planner on $name", (backend) => {
  let stack: Stack;
  const as =
    (user: TestUser) =>
    (path: string, init: ApiRequest = {}) =>
      stack.request(path, { token: user.token, ...init });
  const newUser = async () => as(await stack.auth.signUp());

  function expectStatus(response: ApiResponse, status: number) {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  }

  beforeAll(async () => {
    stack = await startStack(backend);
  });
  afterAll(() => stack.close());

  describe("lists", () => {
    it("makes one Inbox on first need, even for requests that race", async () => {
      const call = await newUser();
      const answers = await Promise.all([call("/api/lists"), call("/api/lists"), call("/api/lists")]);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body.items).toHaveLength(1);
      }
      const [inbox] = answers[0]?.body.items ?? [];
      expect(inbox).toMatchObject({
        name: "Inbox",
        isInbox: true,
        archived: false,
        color: "grey",
        openTaskCount: 0,
      });
      expect(answers.map((a) => a.body.items[0].id)).toEqual([inbox.id, inbox.id, inbox.id]);
      // A task without a list goes into that Inbox.
      const task = expectStatus(await call("/api/tasks", { method: "POST", json: { title: "t" } }), 201);
      expect(task.listId).toBe(inbox.id);
    });

    it("creates, orders, renames, recolours and counts lists", async () => {
      const call = await newUser();
      const work = expectStatus(await call("/api/lists", { method: "POST", json: { name: "  Work " } }), 201);
      expect(work).toMatchObject({
        name: "Work",
        color: "grey",
        isInbox: false,
        version: 1,
        openTaskCount: 0,
      });
      const home = expectStatus(
        await call("/api/lists", { method: "POST", json: { name: "Home", color: "teal", position: -5 } }),
        201,
      );
      expect((await call(`/api/lists/${home.id}`)).headers.get("etag")).toBe('"1"');
      await call("/api/tasks", { method: "POST", json: { title: "a", listId: work.id } });
      await call("/api/tasks", { method: "POST", json: { title: "b", listId: work.id, completed: true } });
      const all = expectStatus(await call("/api/lists"), 200).items;
      // Inbox first whatever its position, then by position.
      expect(all.map((l: { name: string }) => l.name)).toEqual(["Inbox", "Home", "Work"]);
      expect(all[2].openTaskCount).toBe(1);

      const renamed = expectStatus(
        await call(`/api/lists/${work.id}`, { method: "PATCH", json: { name: "Office", color: "blue" } }),
        200,
      );
      expect(renamed).toMatchObject({ name: "Office", color: "blue", version: 2, openTaskCount: 1 });
      expectStatus(await call(`/api/lists/${work.id}`, { method: "PATCH", json: { color: "beige" } }), 422);
      expectStatus(await call(`/api/lists/${work.id}`, { method: "PATCH", json: {} }), 422);
      expectStatus(await call("/api/lists", { method: "POST", json: { name: "" } }), 422);
      expectStatus(await call("/api/lists", { method: "POST", json: { name: "x".repeat(101) } }), 422);
      expectStatus(
        await call("/api/lists", { method: "POST", json: { name: "x", ownerId: "someone" } }),
        422,
      );
    });

    it("refuses a name the owner already uses, ignoring case, with 409", async () => {
      const call = await newUser();
      expectStatus(await call("/api/lists", { method: "POST", json: { name: "Groceries" } }), 201);
      expectStatus(await call("/api/lists", { method: "POST", json: { name: "GROCERIES" } }), 409);
      expectStatus(await call("/api/lists", { method: "POST", json: { name: "inbox" } }), 409);
      const other = expectStatus(await call("/api/lists", { method: "POST", json: { name: "Other" } }), 201);
      const clash = await call(`/api/lists/${other.id}`, { method: "PATCH", json: { name: "groceries" } });
      expectStatus(clash, 409);
      expect(clash.body.errors).toEqual([{ path: "name", message: "is taken" }]);
      // Another user may use the same name.
      const stranger = await newUser();
      expectStatus(await stranger("/api/lists", { method: "POST", json: { name: "Groceries" } }), 201);
    });

    it("keeps the Inbox: it cannot be renamed, archived or deleted", async () => {
      const call = await newUser();
      const [inbox] = expectStatus(await call("/api/lists"), 200).items;
      expectStatus(await call(`/api/lists/${inbox.id}`, { method: "PATCH", json: { name: "Mine" } }), 422);
      expectStatus(await call(`/api/lists/${inbox.id}`, { method: "PATCH", json: { archived: true } }), 422);
      expectStatus(await call(`/api/lists/${inbox.id}`, { method: "DELETE" }), 422);
      // Its colour and position may change.
      expectStatus(await call(`/api/lists/${inbox.id}`, { method: "PATCH", json: { color: "red" } }), 200);
    });

    it("deletes a list with its tasks, honouring If-Match", async () => {
      const call = await newUser();
      const list = expectStatus(await call("/api/lists", { method: "POST", json: { name: "Trip" } }), 201);
      const task = expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "pack", listId: list.id } }),
        201,
      );
      const kept = expectStatus(await call("/api/tasks", { method: "POST", json: { title: "kept" } }), 201);
      expectStatus(
        await call(`/api/lists/${list.id}`, { method: "DELETE", headers: { "If-Match": '"7"' } }),
        412,
      );
      expectStatus(await call(`/api/tasks/${task.id}`), 200);
      expect(
        (await call(`/api/lists/${list.id}`, { method: "DELETE", headers: { "If-Match": '"1"' } })).status,
      ).toBe(204);
      expectStatus(await call(`/api/tasks/${task.id}`), 404);
      expectStatus(await call(`/api/lists/${list.id}`), 404);
      expectStatus(await call(`/api/tasks/${kept.id}`), 200);
    });

    it("hides the tasks of archived lists from every view unless listId names the list", async () => {
      const call = await newUser();
      const today = todayIn("UTC", new Date());
      const list = expectStatus(await call("/api/lists", { method: "POST", json: { name: "Someday" } }), 201);
      const hidden = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "hidden", listId: list.id, dueDate: today },
        }),
        201,
      );
      expectStatus(await call(`/api/lists/${list.id}`, { method: "PATCH", json: { archived: true } }), 200);
      for (const query of ["", "?view=today", "?view=upcoming", `?dueOn=${today}`]) {
        const ids = expectStatus(await call(`/api/tasks${query}`), 200).items.map(
          (t: { id: string }) => t.id,
        );
        expect(ids, query).not.toContain(hidden.id);
      }
      const named = expectStatus(await call(`/api/tasks?listId=${list.id}&view=today`), 200);
      expect(named.items.map((t: { id: string }) => t.id)).toEqual([hidden.id]);
    });

    it("caps one user at 300 lists", async () => {
      const call = await newUser();
      await call("/api/lists");
      // The Inbox is one of the 300.
      for (let start = 1; start < 300; start += 50)
        await Promise.all(
          Array.from({ length: Math.min(50, 300 - start) }, (_, i) =>
            call("/api/lists", { method: "POST", json: { name: `list ${start + i}` } }),
          ),
        );
      expect(expectStatus(await call("/api/lists"), 200).items).toHaveLength(300);
      expectStatus(await call("/api/lists", { method: "POST", json: { name: "one more" } }), 422);
    });
  });

  describe("a task's list", () => {
    it("refuses a listId that is not the caller's, the same way as one that does not exist", async () => {
      const alice = await newUser();
      const bob = await newUser();
      const alices = expectStatus(await alice("/api/lists", { method: "POST", json: { name: "Mine" } }), 201);
      const theirs = await bob("/api/tasks", { method: "POST", json: { title: "x", listId: alices.id } });
      const none = await bob("/api/tasks", {
        method: "POST",
        json: { title: "x", listId: "00000000-0000-4000-8000-000000000000" },
      });
      expectStatus(theirs, 422);
      expectStatus(none, 422);
      expect(theirs.body.detail).toBe(none.body.detail);
      expect(theirs.body.errors).toEqual([{ path: "listId", message: "is not one of your lists" }]);
      const own = expectStatus(await bob("/api/tasks", { method: "POST", json: { title: "y" } }), 201);
      expectStatus(await bob(`/api/tasks/${own.id}`, { method: "PATCH", json: { listId: alices.id } }), 422);
      // Alice's list is untouched by any of it.
      expect(expectStatus(await alice(`/api/lists/${alices.id}`), 200).openTaskCount).toBe(0);
    });

    it("moves a task between the owner's lists, and PUT without listId leaves it where it is", async () => {
      const call = await newUser();
      const list = expectStatus(await call("/api/lists", { method: "POST", json: { name: "Later" } }), 201);
      const task = expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "move me" } }),
        201,
      );
      const moved = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { listId: list.id } }),
        200,
      );
      expect(moved.listId).toBe(list.id);
      const replaced = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PUT", json: { title: "t" } }),
        200,
      );
      expect(replaced.listId).toBe(list.id);
      const page = expectStatus(await call(`/api/tasks?listId=${list.id}`), 200);
      expect(page.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    });
  });

  describe("due days and the owner's time zone", () => {
    it("reads and sets the zone, refusing names that are not IANA zones", async () => {
      const call = await newUser();
      expect(expectStatus(await call("/api/me"), 200).timeZone).toBe("UTC");
      for (const timeZone of ["Mars/Olympus", "+01:00", "", "Europe/Berlin; drop table"])
        expectStatus(await call("/api/me", { method: "PATCH", json: { timeZone } }), 422);
      expectStatus(await call("/api/me", { method: "PATCH", json: { timeZone: "UTC", id: "x" } }), 422);
      const set = expectStatus(
        await call("/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } }),
        200,
      );
      expect(set.timeZone).toBe("Europe/Berlin");
      expect(expectStatus(await call("/api/me"), 200).timeZone).toBe("Europe/Berlin");
    });

    it("keeps an all-day due as a day and derives a timed due's day in the owner's zone", async () => {
      const call = await newUser();
      const allDay = expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "day", dueDate: "2030-06-01" } }),
        201,
      );
      expect(allDay).toMatchObject({ dueDate: "2030-06-01", dueAt: null });
      // 23:30 UTC on 1 June is already 2 June in Berlin (UTC+2 in summer).
      const timed = expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "timed", dueAt: "2030-06-01T23:30:00Z" } }),
        201,
      );
      expect(timed).toMatchObject({ dueDate: "2030-06-01", dueAt: "2030-06-01T23:30:00.000Z" });
      await call("/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } });
      const moved = expectStatus(await call(`/api/tasks/${timed.id}`), 200);
      expect(moved).toMatchObject({ dueDate: "2030-06-02", dueAt: "2030-06-01T23:30:00.000Z" });
      expect(moved.version).toBe(timed.version + 1);
      expect(expectStatus(await call(`/api/tasks/${allDay.id}`), 200)).toMatchObject({
        dueDate: "2030-06-01",
        version: 1,
      });
      // A new timed due is read in the new zone at once.
      const late = expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "late", dueAt: "2030-12-31T23:30:00Z" } }),
        201,
      );
      expect(late.dueDate).toBe("2031-01-01");
    });

    it("takes either dueDate or dueAt in one write, and null clears the due", async () => {
      const call = await newUser();
      const both = await call("/api/tasks", {
        method: "POST",
        json: { title: "x", dueDate: "2030-01-01", dueAt: "2030-01-01T10:00:00Z" },
      });
      expectStatus(both, 422);
      expect(both.body.errors[0].path).toBe("dueDate");
      expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "x", dueDate: "2030-02-30" } }),
        422,
      );
      expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "x", dueDate: "tomorrow" } }),
        422,
      );
      const task = expectStatus(
        await call("/api/tasks", { method: "POST", json: { title: "x", dueAt: "2030-01-01T10:00:00Z" } }),
        201,
      );
      const allDay = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { dueDate: "2030-01-05" } }),
        200,
      );
      expect(allDay).toMatchObject({ dueDate: "2030-01-05", dueAt: null });
      const cleared = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { dueDate: null } }),
        200,
      );
      expect(cleared).toMatchObject({ dueDate: null, dueAt: null });
    });
  });

  describe("views", () => {
    it("today, upcoming, overdue and dueOn pick open tasks by the owner's day", async () => {
      const call = await newUser();
      await call("/api/me", { method: "PATCH", json: { timeZone: "Pacific/Auckland" } });
      const today = todayIn("Pacific/Auckland", new Date());
      const make = async (title: string, extra: Record<string, unknown>) =>
        expectStatus(await call("/api/tasks", { method: "POST", json: { title, ...extra } }), 201)
          .id as string;
      const ids = {
        lastWeek: await make("last week", { dueDate: addDays(today, -7) }),
        yesterday: await make("yesterday", { dueDate: addDays(today, -1) }),
        today: await make("today", { dueDate: today }),
        tomorrow: await make("tomorrow", { dueDate: addDays(today, 1) }),
        anHourAgo: await make("an hour ago", { dueAt: new Date(Date.now() - 3_600_000).toISOString() }),
        done: await make("done", { dueDate: today, completed: true }),
        undated: await make("undated", {}),
      };
      const view = async (query: string) =>
        expectStatus(await call(`/api/tasks?${query}`), 200).items.map(
          (t: { title: string }) => t.title,
        ) as string[];

      const todays = await view("view=today");
      // Overdue first (by day), then today's; completed and undated tasks are left out.
      expect(todays.slice(0, 2)).toEqual(["last week", "yesterday"]);
      // "An hour ago" is today's or yesterday's: either way it belongs here.
      expect(new Set(todays)).toEqual(new Set(["last week", "yesterday", "today", "an hour ago"]));
      expect(await view("view=upcoming")).toEqual(expect.arrayContaining(["today", "tomorrow"]));
      expect(await view("view=upcoming")).not.toContain("yesterday");
      const overdue = await view("view=overdue");
      expect(overdue).toEqual(expect.arrayContaining(["last week", "yesterday", "an hour ago"]));
      expect(overdue).not.toContain("today");
      expect(overdue).not.toContain("tomorrow");
      expect(await view(`dueOn=${addDays(today, 1)}`)).toEqual(["tomorrow"]);
      expect(await view(`dueOn=${today}&status=completed`)).toEqual(["done"]);
      expectStatus(await call("/api/tasks?view=someday"), 422);
      expectStatus(await call("/api/tasks?dueOn=2030-13-01"), 422);
      expect(Object.keys(ids)).toHaveLength(7);
    });

    it("pages through a view by due day, then time, all-day first", async () => {
      const call = await newUser();
      const make = async (title: string, extra: Record<string, unknown>) =>
        expectStatus(await call("/api/tasks", { method: "POST", json: { title, ...extra } }), 201);
      await make("d2 10:00", { dueAt: "2040-01-02T10:00:00Z" });
      await make("d1 all day", { dueDate: "2040-01-01" });
      await make("d2 all day", { dueDate: "2040-01-02" });
      await make("d1 09:00", { dueAt: "2040-01-01T09:00:00Z" });
      await make("d2 08:00", { dueAt: "2040-01-02T08:00:00Z" });
      const titles: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { title: string }[]; nextCursor: string | null } = expectStatus(
          await call(`/api/tasks?view=upcoming&limit=2${cursor ? `&cursor=${cursor}` : ""}`),
          200,
        );
        titles.push(...page.items.map((t) => t.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(titles).toEqual(["d1 all day", "d1 09:00", "d2 all day", "d2 08:00", "d2 10:00"]);
      const descending = expectStatus(await call("/api/tasks?sort=-dueAt&limit=100"), 200).items.map(
        (t: { title: string }) => t.title,
      );
      expect(descending).toEqual(["d2 10:00", "d2 08:00", "d2 all day", "d1 09:00", "d1 all day"]);
    });
  });

  describe("recurring tasks", () => {
    it("refuses rules outside the subset, and a recurrence without a due, with clear messages", async () => {
      const call = await newUser();
      const bad = await call("/api/tasks", {
        method: "POST",
        json: { title: "x", dueDate: "2030-01-01", recurrence: { rule: "FREQ=HOURLY" } },
      });
      expectStatus(bad, 422);
      expect(bad.body.errors[0].path).toBe("recurrence.rule");
      expect(bad.body.detail).toMatch(/HOURLY/);
      const setpos = await call("/api/tasks", {
        method: "POST",
        json: { title: "x", dueDate: "2030-01-01", recurrence: { rule: "FREQ=MONTHLY;BYSETPOS=1" } },
      });
      expect(setpos.body.detail).toMatch(/BYSETPOS/);
      const undated = await call("/api/tasks", {
        method: "POST",
        json: { title: "x", recurrence: { rule: "FREQ=DAILY" } },
      });
      expectStatus(undated, 422);
      expect(undated.body.errors[0].path).toBe("recurrence");
      const task = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "x", dueDate: "2030-01-01", recurrence: { rule: "FREQ=DAILY" } },
        }),
        201,
      );
      // Clearing the due of a recurring task would leave a rule without a due.
      expectStatus(await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { dueDate: null } }), 422);
      expectStatus(
        await call(`/api/tasks/${task.id}`, {
          method: "PATCH",
          json: { recurrence: { rule: "FREQ=DAILY", from: "never" } },
        }),
        422,
      );
    });

    it("writes the human text when the client sends only the rule", async () => {
      const call = await newUser();
      const task = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "gym", dueDate: "2030-01-04", recurrence: { rule: "freq=weekly;byday=fr,mo" } },
        }),
        201,
      );
      expect(task.recurrence).toEqual({
        rule: "FREQ=WEEKLY;BYDAY=MO,FR",
        text: "every Mon, Fri",
        from: "due",
      });
      const own = expectStatus(
        await call(`/api/tasks/${task.id}`, {
          method: "PATCH",
          json: { recurrence: { rule: "FREQ=DAILY", text: "daily workout", from: "completion" } },
        }),
        200,
      );
      expect(own.recurrence).toEqual({ rule: "FREQ=DAILY", text: "daily workout", from: "completion" });
    });

    it("completing moves the due to the next occurrence, keeps the task open and records the completion", async () => {
      const call = await newUser();
      // Month ends: the 31st falls on the last day of shorter months.
      const task = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "rent", dueDate: "2030-01-31", recurrence: { rule: "FREQ=MONTHLY" } },
        }),
        201,
      );
      const done = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } }),
        200,
      );
      expect(done).toMatchObject({ completed: false, completedAt: null, dueDate: "2030-02-28", version: 2 });
      const again = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PUT", json: { ...pick(done), completed: true } }),
        200,
      );
      expect(again).toMatchObject({ completed: false, dueDate: "2030-03-31", version: 3 });
      const history = expectStatus(await call(`/api/tasks/${task.id}/completions`), 200).items;
      expect(history.map((c: { dueDate: string }) => c.dueDate)).toEqual(["2030-01-31", "2030-02-28"]);
      expect(history.every((c: { completedAt: string }) => !Number.isNaN(Date.parse(c.completedAt)))).toBe(
        true,
      );
    });

    it("keeps a timed task at its local time across a daylight-saving change", async () => {
      const call = await newUser();
      await call("/api/me", { method: "PATCH", json: { timeZone: "Europe/Berlin" } });
      // Friday 29 March 2030, 09:00 in Berlin (UTC+1); the clocks go forward on Sunday 31 March.
      const task = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "standup", dueAt: "2030-03-29T08:00:00Z", recurrence: { rule: "FREQ=WEEKLY" } },
        }),
        201,
      );
      expect(task.dueDate).toBe("2030-03-29");
      const next = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } }),
        200,
      );
      expect(next).toMatchObject({ dueDate: "2030-04-05", dueAt: "2030-04-05T07:00:00.000Z" });
    });

    it("completes the task for good when COUNT is used up", async () => {
      const call = await newUser();
      const task = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "course", dueDate: "2030-05-01", recurrence: { rule: "FREQ=DAILY;COUNT=2" } },
        }),
        201,
      );
      const second = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } }),
        200,
      );
      expect(second).toMatchObject({ completed: false, dueDate: "2030-05-02" });
      const last = expectStatus(
        await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } }),
        200,
      );
      expect(last).toMatchObject({ completed: true, dueDate: "2030-05-02" });
      expect(last.completedAt).toEqual(expect.any(String));
      expect(expectStatus(await call(`/api/tasks/${task.id}/completions`), 200).items).toHaveLength(2);
    });

    it("counts from today for from=completion, and never moves a due into the past", async () => {
      const call = await newUser();
      const today = todayIn("UTC", new Date());
      const everyBang = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: {
            title: "water plants",
            dueDate: addDays(today, -10),
            recurrence: { rule: "FREQ=DAILY;INTERVAL=3", from: "completion" },
          },
        }),
        201,
      );
      expect(everyBang.recurrence.text).toBe("every! 3 days");
      const next = expectStatus(
        await call(`/api/tasks/${everyBang.id}`, { method: "PATCH", json: { completed: true } }),
        200,
      );
      expect(next.dueDate).toBe(addDays(today, 3));
      const overdue = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "daily", dueDate: addDays(today, -10), recurrence: { rule: "FREQ=DAILY" } },
        }),
        201,
      );
      const caughtUp = expectStatus(
        await call(`/api/tasks/${overdue.id}`, { method: "PATCH", json: { completed: true } }),
        200,
      );
      expect(caughtUp.dueDate).toBe(addDays(today, 1));
    });

    it("advances once when two completions of the same version race", async () => {
      const call = await newUser();
      const make = async () =>
        expectStatus(
          await call("/api/tasks", {
            method: "POST",
            json: { title: "race", dueDate: "2031-01-01", recurrence: { rule: "FREQ=DAILY" } },
          }),
          201,
        );
      const guarded = await make();
      const withIfMatch = await Promise.all(
        [1, 2].map(() =>
          call(`/api/tasks/${guarded.id}`, {
            method: "PATCH",
            json: { completed: true },
            headers: { "If-Match": '"1"' },
          }),
        ),
      );
      expect(withIfMatch.map((r) => r.status).sort()).toEqual([200, 412]);
      expect(expectStatus(await call(`/api/tasks/${guarded.id}`), 200).dueDate).toBe("2031-01-02");

      // Without If-Match a completion applies to the version it found on
      // arrival: one that waited behind another completion of that version is
      // the same completion. Whichever way the two interleave, the task moves
      // by exactly one day per recorded completion.
      const bare = await make();
      const results = await Promise.all(
        [1, 2].map(() => call(`/api/tasks/${bare.id}`, { method: "PATCH", json: { completed: true } })),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const recorded = expectStatus(await call(`/api/tasks/${bare.id}/completions`), 200).items.length;
      expect([1, 2]).toContain(recorded);
      const final = expectStatus(await call(`/api/tasks/${bare.id}`), 200);
      expect(final).toMatchObject({
        dueDate: recorded === 1 ? "2031-01-02" : "2031-01-03",
        version: 1 + recorded,
      });
    });

    it("advances through the compatibility toggle too", async () => {
      const user = await stack.auth.signUp();
      const call = as(user);
      const task = expectStatus(
        await call("/api/tasks", {
          method: "POST",
          json: { title: "toggle", dueDate: "2030-07-01", recurrence: { rule: "FREQ=WEEKLY" } },
        }),
        201,
      );
      const toggled = expectStatus(
        await call(`/api/${user.id}/tasks/${task.id}/complete`, { method: "PATCH" }),
        200,
      );
      expect(toggled).toMatchObject({ completed: false, dueDate: "2030-07-08" });
    });
  });

  describe("quick add", () => {
    it("parses without storing anything, and creates what it parsed", async () => {
      const call = await newUser();
      const home = expectStatus(await call("/api/lists", { method: "POST", json: { name: "Home" } }), 201);
      const text = "Pay rent every month on the 1st p1 #Home @bills";
      const parsed = expectStatus(
        await call("/api/quick-add/parse", { method: "POST", json: { text } }),
        200,
      );
      expect(parsed).toMatchObject({
        title: "Pay rent",
        priority: "high",
        tags: ["bills"],
        listId: home.id,
        recurrence: { rule: "FREQ=MONTHLY;BYMONTHDAY=1", from: "due" },
      });
      expect(parsed.dueDate).toMatch(/-01$/);
      const kinds = parsed.tokens.map((t: { start: number; end: number; kind: string }) => [
        text.slice(t.start, t.end),
        t.kind,
      ]);
      expect(kinds).toEqual([
        ["every month on the 1st", "recurrence"],
        ["p1", "priority"],
        ["#Home", "list"],
        ["@bills", "tag"],
      ]);
      expect(expectStatus(await call("/api/tasks"), 200).items).toHaveLength(0);

      const created = expectStatus(
        await call("/api/tasks", { method: "POST", json: { quickAdd: text } }),
        201,
      );
      expect(created).toMatchObject({
        title: "Pay rent",
        priority: "high",
        tags: ["bills"],
        listId: home.id,
        dueDate: parsed.dueDate,
        recurrence: parsed.recurrence,
      });
    });

    it("reads dates in the owner's zone and leaves an unknown #word in the title", async () => {
      const call = await newUser();
      await call("/api/me", { method: "PATCH", json: { timeZone: "America/New_York" } });
      const created = expectStatus(
        await call("/api/tasks", { method: "POST", json: { quickAdd: "Call #nobody tomorrow at 5pm" } }),
        201,
      );
      const tomorrow = addDays(todayIn("America/New_York", new Date()), 1);
      expect(created).toMatchObject({ title: "Call #nobody", dueDate: tomorrow });
      const local = new Intl.DateTimeFormat("en-GB", {
        timeZone: "America/New_York",
        hour: "2-digit",
        minute: "2-digit",
      }).format(new Date(created.dueAt));
      expect(local).toBe("17:00");
    });

    it("refuses quickAdd with task fields, and text that leaves no title", async () => {
      const call = await newUser();
      const mixed = await call("/api/tasks", { method: "POST", json: { quickAdd: "x", title: "y" } });
      expectStatus(mixed, 422);
      expect(mixed.body.errors[0].path).toBe("title");
      const empty = await call("/api/tasks", { method: "POST", json: { quickAdd: "tomorrow p1 @x" } });
      expectStatus(empty, 422);
      expect(empty.body.errors[0].path).toBe("quickAdd");
      expectStatus(await call("/api/tasks", { method: "POST", json: {} }), 422);
      const tags = Array.from({ length: 21 }, (_, i) => `@t${i}`).join(" ");
      const tooMany = await call("/api/tasks", { method: "POST", json: { quickAdd: `tagged ${tags}` } });
      expectStatus(tooMany, 422);
      expect(tooMany.body.errors[0]).toEqual({ path: "quickAdd", message: "has more than 20 tags" });
      expectStatus(await call("/api/quick-add/parse", { method: "POST", json: { text: 5 } }), 422);
      expect(expectStatus(await call("/api/tasks"), 200).items).toHaveLength(0);
    });
  });

  describe("isolation", () => {
    it("keeps lists, completions and quick add's #List to their owner", async () => {
      const alice = await newUser();
      const bob = await newUser();
      const list = expectStatus(await alice("/api/lists", { method: "POST", json: { name: "Secret" } }), 201);
      const task = expectStatus(
        await alice("/api/tasks", {
          method: "POST",
          json: { title: "s", listId: list.id, dueDate: "2030-01-01", recurrence: { rule: "FREQ=DAILY" } },
        }),
        201,
      );
      await alice(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } });
      expectStatus(await bob(`/api/lists/${list.id}`), 404);
      expectStatus(await bob(`/api/lists/${list.id}`, { method: "PATCH", json: { name: "mine" } }), 404);
      expectStatus(await bob(`/api/lists/${list.id}`, { method: "DELETE" }), 404);
      expectStatus(await bob(`/api/tasks/${task.id}/completions`), 404);
      expect(expectStatus(await bob(`/api/tasks?listId=${list.id}`), 200).items).toEqual([]);
      const names = expectStatus(await bob("/api/lists"), 200).items.map((l: { name: string }) => l.name);
      expect(names).toEqual(["Inbox"]);
      const parsed = expectStatus(
        await bob("/api/quick-add/parse", { method: "POST", json: { text: "x #Secret" } }),
        200,
      );
      expect(parsed).toMatchObject({ title: "x #Secret", listId: null });
      // Alice's list and task are as she left them.
      expect(expectStatus(await alice(`/api/lists/${list.id}`), 200)).toMatchObject({
        name: "Secret",
        version: 1,
      });
      expect(expectStatus(await alice(`/api/tasks/${task.id}/completions`), 200).items).toHaveLength(1);
    });
  });
});

/** A task's writable fields, for a PUT that changes nothing else. */
function pick(task: Record<string, unknown>) {
  const { title, description, priority, listId, dueDate, tags, recurrence } = task;
  return { title, description, priority, listId, dueDate, tags, recurrence };
}
