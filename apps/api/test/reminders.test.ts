// Reminders (SPEC §9) through real HTTP and the real scheduler, on every
// database back-end: validation, one `reminder` event per reminder within
// 5 s — also with two schedulers on one database — and again for the next
// occurrence of a recurring task.
import { createDb, type FiredReminder } from "@todo/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger";
import { startReminderScheduler } from "../src/reminder-scheduler";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type ApiRequest, type Stack, startStack } from "./support/stack";

describe.each(backends)("reminders on $name", (backend) => {
  let stack: Stack;
  let user: TestUser;
  const call = (path: string, init: ApiRequest = {}) => stack.request(path, { token: user.token, ...init });

  beforeAll(async () => {
    stack = await startStack(backend);
    user = await stack.auth.signUp();
  });
  afterAll(() => stack.close());

  it("refuses reminders a task cannot have", async () => {
    const before = await call("/api/tasks", {
      method: "POST",
      json: { title: "x", dueDate: "2030-01-01", reminders: [{ before: 10 }] },
    });
    expect(before.status).toBe(422);
    expect(before.body.errors[0].path).toBe("reminders");
    const six = Array.from({ length: 6 }, (_, i) => ({ before: i }));
    const tooMany = await call("/api/tasks", {
      method: "POST",
      json: { title: "x", dueAt: "2030-01-01T09:00:00Z", reminders: six },
    });
    expect(tooMany.status).toBe(422);
    for (const reminders of [
      [{ before: 10_081 }],
      [{ before: -1 }],
      [{ at: "soon" }],
      [{ at: "2030-01-01T00:00:00Z", before: 1 }],
    ])
      expect(
        (
          await call("/api/tasks", {
            method: "POST",
            json: { title: "x", dueAt: "2030-01-01T09:00:00Z", reminders },
          })
        ).status,
        JSON.stringify(reminders),
      ).toBe(422);
    const ok = await call("/api/tasks", {
      method: "POST",
      json: {
        title: "x",
        dueAt: "2030-01-01T09:00:00Z",
        reminders: [{ before: 30 }, { at: "2029-12-31T18:00:00Z" }],
      },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.reminders).toEqual([{ before: 30 }, { at: "2029-12-31T18:00:00Z" }]);
    // Clearing the time of a due that has a `before` reminder would orphan it.
    const cleared = await call(`/api/tasks/${ok.body.id}`, {
      method: "PATCH",
      json: { dueDate: "2030-01-01" },
    });
    expect(cleared.status).toBe(422);
  });

  it("fires each reminder once, within 5 s, with two schedulers on the same database", async () => {
    const delivered: FiredReminder[] = [];
    const deliver = async (reminders: FiredReminder[]) => {
      delivered.push(...reminders);
    };
    // A second "process": on PostgreSQL its own connections; PGlite has one process.
    const otherHandle = stack.db.url
      ? createDb({ databaseUrl: stack.db.url, dataDir: null, service: "api" })
      : undefined;
    const schedulers = [
      startReminderScheduler({ db: stack.db.handle, deliver, logger: silentLogger, intervalMs: 100 }),
      startReminderScheduler({
        db: otherHandle ?? stack.db.handle,
        deliver,
        logger: silentLogger,
        intervalMs: 100,
      }),
    ];
    try {
      const at = new Date(Date.now() + 1_500);
      const dueAt = new Date(Date.now() + 3_600_000).toISOString();
      const tasks = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          call("/api/tasks", {
            method: "POST",
            json: { title: `remind ${i}`, dueAt, reminders: [{ at: at.toISOString() }] },
          }),
        ),
      );
      const ids = tasks.map((t) => t.body.id as string);
      const deadline = at.getTime() + 5_000;
      while (delivered.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(delivered.map((r) => r.taskId).sort()).toEqual([...ids].sort());
      for (const reminder of delivered) {
        expect(Date.parse(reminder.remindAt)).toBe(at.getTime());
        expect(reminder.dueAt).toBe(dueAt);
        expect(reminder.ownerId).toBe(user.id);
      }
      // Nothing fires twice.
      await new Promise((r) => setTimeout(r, 600));
      expect(delivered).toHaveLength(5);
      const events = await stack.db.handle.db.execute(
        sql`select count(*)::int as n from owner_changes where owner_id = ${user.id} and entity = 'reminder'`,
      );
      expect((events as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(5);
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
      await otherHandle?.close();
    }
  });

  it("schedules the next occurrence's reminder when a recurring task is completed", async () => {
    const dueAt = new Date(Date.now() + 3_600_000);
    const task = (
      await call("/api/tasks", {
        method: "POST",
        json: {
          title: "daily standup",
          dueAt: dueAt.toISOString(),
          recurrence: { rule: "FREQ=DAILY" },
          reminders: [{ before: 15 }, { at: new Date(dueAt.getTime() - 60_000).toISOString() }],
        },
      })
    ).body;
    const pending = async () =>
      (
        (await stack.db.handle.db.execute(
          sql`select remind_at from reminder_jobs where task_id = ${task.id} and fired_at is null order by remind_at`,
        )) as unknown as { rows: { remind_at: string | Date }[] }
      ).rows.map((row) => new Date(row.remind_at).getTime());
    expect(await pending()).toEqual([dueAt.getTime() - 15 * 60_000, dueAt.getTime() - 60_000]);
    const next = (await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } })).body;
    const nextDue = Date.parse(next.dueAt);
    expect(await pending()).toEqual([nextDue - 15 * 60_000, nextDue - 60_000]);
    expect(next.reminders[1]).toEqual({ at: new Date(nextDue - 60_000).toISOString() });
    // A task done for good reminds no one.
    await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { recurrence: null, completed: true } });
    expect(await pending()).toEqual([]);
  });
});
