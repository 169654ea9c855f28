// `due` as an agent sends it: an ISO date, an ISO date-time, or words. Words
// go through the quick-add parser in the owner's time zone (the task
// service's parseQuickAdd), so "tomorrow" means the owner's tomorrow.
import { z } from "zod";
import type { TaskService } from "../services/tasks";

export type ResolvedDue = { dueDate: string } | { dueAt: string };

/** The text was neither a date nor a phrase the parser understands. */
export class DueNotUnderstood extends Error {}

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

export async function resolveDue(tasks: TaskService, ownerId: string, text: string): Promise<ResolvedDue> {
  if (isoDate.safeParse(text).success) return { dueDate: text };
  if (isoDateTime.safeParse(text).success) return { dueAt: new Date(text).toISOString() };
  const parsed = await tasks.parseQuickAdd(ownerId, text);
  if (parsed.dueAt) return { dueAt: parsed.dueAt };
  if (parsed.dueDate) return { dueDate: parsed.dueDate };
  throw new DueNotUnderstood(
    `Could not read "${text}" as a due date. Send an ISO date such as 2026-12-24, a date-time such as 2026-12-24T09:00:00Z, or a phrase such as "tomorrow 5pm".`,
  );
}
