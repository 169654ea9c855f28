// What to do when a change comes back 412 (the task was changed elsewhere
// since the version the change was made against): decided field by field.
//
// - Every field the change sets already holds that value on the server: it
//   was applied (e.g. a replay whose first answer was lost). Nothing to do.
// - The fields the change sets were not touched elsewhere: the two changes
//   are independent; send this one again on top of the server's version.
// - Someone else changed a field this change sets, to something else: a real
//   conflict; the user sees both versions and chooses.
import { applyChanges } from "./task-ops";
import type { Task, TaskChanges } from "./task-types";

export type ConflictVerdict =
  | { kind: "applied" }
  | { kind: "merge" }
  | { kind: "conflict"; fields: (keyof Task)[] };

/** The task fields a change writes (a due is two fields that move together). */
function fieldsOf(changes: TaskChanges): (keyof Task)[] {
  const fields: (keyof Task)[] = [];
  for (const key of Object.keys(changes) as (keyof TaskChanges)[]) {
    if (changes[key] === undefined) continue;
    if (key === "dueDate" || key === "dueAt") fields.push("dueDate", "dueAt");
    else fields.push(key);
  }
  return [...new Set(fields)];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `base`: the task as the user saw it when making `changes`; `latest`: the
 * server's copy now. `zone` gives a timed due its day when comparing.
 */
export function judgeConflict(base: Task, latest: Task, changes: TaskChanges, zone = "UTC"): ConflictVerdict {
  const fields = fieldsOf(changes);
  const wanted = applyChanges(latest, changes, latest.updatedAt, zone);
  // Completing a recurring task moves its due on and leaves it open: never "already applied".
  const recurs = changes.completed === true && latest.recurrence !== null;
  if (!recurs && fields.every((field) => same(wanted[field], latest[field]))) return { kind: "applied" };
  const clashing = fields.filter(
    (field) =>
      !(recurs && field === "completed") &&
      !same(base[field], latest[field]) &&
      !same(wanted[field], latest[field]),
  );
  return clashing.length === 0 ? { kind: "merge" } : { kind: "conflict", fields: clashing };
}

/** A conflict for the user to settle: their version and the server's. */
export interface TaskConflict {
  /** The server's version now. */
  theirs: Task;
  /** What the task would be with the user's change on top. */
  mine: Task;
  changes: TaskChanges;
  fields: (keyof Task)[];
  /** Sends the user's change again, over the server's version. */
  keepMine: () => void;
  /** Drops the user's change; the server's version stays. */
  takeTheirs: () => void;
}
