// Import (SPEC §10): our JSON export, or a Todoist CSV file, into the
// caller's account. The file is read and checked first, in memory (it is at
// most 5 MiB); then everything is written in ONE unit of work, so an import
// lands whole or not at all. Importing the same file again creates nothing:
// each task of the file is matched with the owner's tasks by a key (below),
// and the n-th task of a key is only made when the owner has fewer than n.
import type { ExportDocument, ImportResult } from "@todo/contract/export-schemas";
import { DESCRIPTION_MAX, TAGS_PER_TASK_MAX, TASKS_PER_OWNER_MAX, TITLE_MAX } from "@todo/contract/limits";
import type { ListColor } from "@todo/contract/vocabulary";
import {
  createOwnerSettingsStore,
  type DbHandle,
  type OwnerUnit,
  reminderTimes,
  runOwnerWrite,
  type StoredRecurrence,
  type TaskPriority,
} from "@todo/db";
import type { StoredReminder } from "@todo/db/tasks-schema";
import { parseQuickAdd } from "@todo/quick-add/parse";
import { describeRule } from "@todo/recurrence/describe-rule";
import { normalizeRule, RecurrenceRuleError } from "@todo/recurrence/rule";
import { type ImportProblem, ImportRefused } from "./errors";
import {
  priorityOf,
  readTodoistCsv,
  splitLabels,
  TodoistCsvUnreadable,
  type TodoistRow,
} from "./formats/todoist-csv";

/** A list the file names: matched with the owner's by name (case ignored), else made. */
interface PlannedList {
  name: string;
  isInbox: boolean;
  color?: ListColor | undefined;
  position?: number | undefined;
  archived?: boolean | undefined;
}

/** A task the file holds, ready to be written; `list` indexes `Plan.lists` (null: the default list). */
interface PlannedTask {
  list: number | null;
  title: string;
  description: string | null;
  completed: boolean;
  completedAt: Date | null;
  priority: TaskPriority;
  dueDate: string | null;
  dueAt: Date | null;
  recurrence: StoredRecurrence | null;
  recurrenceAnchor: string | null;
  recurrenceDone: number;
  reminders: StoredReminder[];
  tags: string[];
  createdAt: Date | undefined;
  completions: { dueDate: string | null; completedAt: Date }[];
}

interface Plan {
  /**
   * How a task is recognised as already here. JSON: its title and creation
   * instant (kept on import), so a restore into the account it came from
   * creates nothing either. CSV (no ids, no times): list, title and
   * description.
   */
  match: "created" | "content";
  lists: PlannedList[];
  /** Where tasks with no list go: a list named so (made if missing), else the Inbox. */
  defaultList?: string | undefined;
  tasks: PlannedTask[];
  /** Rows left out before writing (notes without a task, unknown types…). */
  skipped: number;
  problems: ImportProblem[];
}

export interface ImportServiceOptions {
  /** Most tasks one owner may keep (10,000 unless a test needs fewer). */
  maxTasksPerOwner?: number | undefined;
}

/** At most `max` UTF-16 units, never ending inside a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const lower = (name: string) => name.toLowerCase();
const contentKey = (list: string, title: string, description: string | null) =>
  JSON.stringify([lower(list), title, description ?? ""]);
const createdKey = (title: string, createdAt: Date) => JSON.stringify([title, createdAt.toISOString()]);

/** A rule in canonical form, or a problem. */
function checkedRule(rule: string): string | Error {
  try {
    return normalizeRule(rule);
  } catch (error) {
    if (error instanceof RecurrenceRuleError) return error;
    throw error;
  }
}

/** Our JSON export, already checked against ExportDocumentSchema, as a plan. */
function planJson(doc: ExportDocument, now: Date): Plan {
  const problems: ImportProblem[] = [];
  const listIndex = new Map(doc.lists.map((list, i) => [list.id, i]));
  const latest = now.getTime() + 24 * 60 * 60 * 1000;
  const tasks = doc.tasks.map((task, i): PlannedTask => {
    const path = `tasks.${i}`;
    let recurrence: StoredRecurrence | null = null;
    if (task.recurrence) {
      const rule = checkedRule(task.recurrence.rule);
      if (rule instanceof Error)
        problems.push({ line: null, path: `${path}.recurrence.rule`, message: rule.message });
      else
        recurrence = {
          rule,
          text: task.recurrence.text || describeRule(rule, task.recurrence.from),
          from: task.recurrence.from,
        };
      if (!task.dueDate && !task.dueAt)
        problems.push({ line: null, path: `${path}.recurrence`, message: "a recurring task needs a due" });
    }
    const list = listIndex.get(task.listId);
    if (list === undefined)
      problems.push({ line: null, path: `${path}.listId`, message: "is not one of the file's lists" });
    const created = new Date(task.createdAt);
    return {
      list: list ?? null,
      title: task.title,
      description: task.description,
      completed: task.completed,
      completedAt: task.completedAt ? new Date(task.completedAt) : null,
      priority: task.priority,
      dueDate: task.dueAt ? null : task.dueDate,
      dueAt: task.dueAt ? new Date(task.dueAt) : null,
      recurrence,
      recurrenceAnchor: recurrence ? (task.recurrenceAnchor ?? task.dueDate) : null,
      recurrenceDone: recurrence ? task.recurrenceDone : 0,
      reminders: task.reminders,
      tags: [...new Set(task.tags)],
      // A creation time from the future would sort first for ever: now instead.
      createdAt: created.getTime() > latest ? now : created,
      completions: task.completions.map((c) => ({
        dueDate: c.dueDate,
        completedAt: new Date(c.completedAt),
      })),
    };
  });
  if (problems.length > 0)
    throw new ImportRefused(
      `The file has ${problems.length} task${problems.length === 1 ? "" : "s"} that cannot be made; nothing was imported.`,
      problems.slice(0, 100),
    );
  return {
    match: "created",
    lists: doc.lists.map((list) => ({
      name: list.name,
      isInbox: list.isInbox,
      color: list.color,
      position: list.position,
      archived: list.isInbox ? false : list.archived,
    })),
    tasks,
    skipped: 0,
    problems,
  };
}

/** A Todoist CSV file as a plan; what cannot be read is reported per line and left out. */
function planCsv(
  rows: readonly TodoistRow[],
  zone: string,
  now: Date,
  defaultList: string | undefined,
): Plan {
  const problems: ImportProblem[] = [];
  const lists: PlannedList[] = [];
  const tasks: PlannedTask[] = [];
  let skipped = 0;
  let section: number | null = null;
  let previous: PlannedTask | undefined;
  const problem = (line: number, message: string) => problems.push({ line, message });
  const describe = (task: PlannedTask, line: number, text: string) => {
    const joined = task.description ? `${task.description}\n\n${text}` : text;
    if (joined.length > DESCRIPTION_MAX)
      problem(line, `the description is longer than ${DESCRIPTION_MAX} characters and was cut`);
    task.description = clip(joined, DESCRIPTION_MAX);
  };

  for (const row of rows) {
    const { line } = row;
    if (!row.type && !row.content.trim() && !row.description.trim() && !row.date) continue;
    if (row.type === "meta") continue;
    if (row.type === "section") {
      const name = clip(row.content.replace(/\s+/gu, " ").trim(), 100);
      if (!name) {
        problem(line, "a section without a name; its tasks go to the list before it");
        continue;
      }
      const known = lists.findIndex((list) => lower(list.name) === lower(name));
      section = known >= 0 ? known : lists.push({ name, isInbox: false }) - 1;
      previous = undefined;
      continue;
    }
    if (row.type === "note") {
      if (!previous) {
        skipped++;
        problem(line, "a note with no task before it was left out");
      } else if (row.content.trim()) describe(previous, line, row.content.trim());
      continue;
    }
    if (row.type !== "task") {
      skipped++;
      problem(line, `TYPE "${clip(row.type, 20)}" is not task, section or note; the row was left out`);
      continue;
    }

    const { title: fullTitle, tags: allTags } = splitLabels(row.content);
    if (!fullTitle) {
      skipped++;
      previous = undefined;
      problem(line, "a task without a title was left out");
      continue;
    }
    if (fullTitle.length > TITLE_MAX)
      problem(line, `the title is longer than ${TITLE_MAX} characters and was cut`);
    if (allTags.length > TAGS_PER_TASK_MAX)
      problem(line, `only the first ${TAGS_PER_TASK_MAX} labels were kept`);
    let priority = priorityOf(row.priority);
    if (!priority) {
      problem(line, `PRIORITY "${clip(row.priority, 20)}" is not 1–4; the task has none`);
      priority = "none";
    }
    const task: PlannedTask = {
      list: section,
      title: clip(fullTitle, TITLE_MAX).trim(),
      description: null,
      completed: false,
      completedAt: null,
      priority,
      dueDate: null,
      dueAt: null,
      recurrence: null,
      recurrenceAnchor: null,
      recurrenceDone: 0,
      reminders: [],
      tags: allTags.slice(0, TAGS_PER_TASK_MAX),
      createdAt: undefined,
      completions: [],
    };
    if (row.description.trim()) describe(task, line, row.description);
    if (row.date) {
      const parsed = parseQuickAdd(clip(row.date, 500), { timeZone: zone, now, lists: [] });
      const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(row.date) ? new Date(row.date) : null;
      if (parsed.title === "" && parsed.dueDate) {
        task.dueDate = parsed.dueAt ? null : parsed.dueDate;
        task.dueAt = parsed.dueAt ? new Date(parsed.dueAt) : null;
        task.recurrence = parsed.recurrence;
        task.recurrenceAnchor = parsed.recurrence ? parsed.dueDate : null;
      } else if (instant && !Number.isNaN(instant.getTime())) task.dueAt = instant;
      else problem(line, `DATE "${clip(row.date, 60)}" was not understood; the task has no due`);
    }
    tasks.push(task);
    previous = task;
  }
  return { match: "content", lists, defaultList, tasks, skipped, problems };
}

export function createImportService(handle: DbHandle, options: ImportServiceOptions = {}) {
  const settings = createOwnerSettingsStore(handle.db);
  const cap = options.maxTasksPerOwner ?? TASKS_PER_OWNER_MAX;

  function refuseOverCap(count: number) {
    if (count > cap)
      throw new ImportRefused(
        `The file has ${count.toLocaleString("en")} tasks; an account keeps at most ${cap.toLocaleString("en")}. Nothing was imported.`,
      );
  }

  /** The plan written in the caller's unit of work: lists first, then the tasks that are new. */
  async function apply(unit: OwnerUnit, ownerId: string, plan: Plan): Promise<ImportResult> {
    const before = await unit.lists.listListsForOwner(ownerId);
    const hadInbox = before.some((list) => list.isInbox);
    const inboxId = await unit.lists.ensureInboxForOwner(ownerId);
    const byName = new Map<string, string>(before.map((list) => [lower(list.name), list.id]));
    byName.set("inbox", inboxId);
    const nameOf = new Map<string, string>([...byName].map(([name, id]) => [id, name]));
    let createdLists = hadInbox ? 0 : 1;

    async function listFor(list: PlannedList): Promise<string> {
      if (list.isInbox) {
        // A new account's Inbox takes the file's colour and place; an existing one stays as it is.
        if (!hadInbox && (list.color || list.position !== undefined))
          await unit.lists.updateListForOwner(ownerId, inboxId, {
            color: list.color,
            position: list.position,
          });
        return inboxId;
      }
      const known = byName.get(lower(list.name));
      if (known) return known;
      const made = await unit.lists.createListForOwner(ownerId, {
        name: list.name,
        color: list.color ?? "grey",
        position: list.position,
      });
      if (list.archived) await unit.lists.updateListForOwner(ownerId, made.id, { archived: true });
      byName.set(lower(list.name), made.id);
      nameOf.set(made.id, lower(list.name));
      createdLists++;
      return made.id;
    }

    const listIds: string[] = [];
    for (const list of plan.lists) listIds.push(await listFor(list));
    let defaultId = inboxId;
    if (plan.defaultList) defaultId = await listFor({ name: plan.defaultList, isInbox: false });

    // What the owner has, by key, and how many of each.
    const have = new Map<string, number>();
    for (const task of await unit.tasks.listImportKeysForOwner(ownerId)) {
      const key =
        plan.match === "created"
          ? createdKey(task.title, task.createdAt)
          : contentKey(nameOf.get(task.listId) ?? "", task.title, task.description);
      have.set(key, (have.get(key) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    const fresh: (PlannedTask & { listId: string })[] = [];
    for (const task of plan.tasks) {
      const listId = task.list === null ? defaultId : (listIds[task.list] as string);
      const key =
        plan.match === "created" && task.createdAt
          ? createdKey(task.title, task.createdAt)
          : contentKey(nameOf.get(listId) ?? "", task.title, task.description);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > (have.get(key) ?? 0)) fresh.push({ ...task, listId });
    }

    const existing = await unit.tasks.countTasksForOwner(ownerId);
    if (existing + fresh.length > cap)
      throw new ImportRefused(
        `The import would take you to ${(existing + fresh.length).toLocaleString("en")} tasks; an account keeps at most ${cap.toLocaleString("en")}. Nothing was imported.`,
      );
    const ids = await unit.tasks.insertImportedTasksForOwner(
      ownerId,
      fresh.map((task) => ({
        listId: task.listId,
        title: task.title,
        description: task.description,
        completed: task.completed,
        completedAt: task.completedAt,
        priority: task.priority,
        dueDate: task.dueDate,
        dueAt: task.dueAt,
        recurrence: task.recurrence,
        recurrenceAnchor: task.recurrenceAnchor,
        recurrenceDone: task.recurrenceDone,
        reminders: task.reminders,
        tags: task.tags,
        createdAt: task.createdAt,
      })),
    );
    // Imported reminders fire like any other: each pending one gets its job.
    for (const [i, task] of fresh.entries())
      if (task.reminders.length > 0)
        await unit.reminderJobs.replaceJobsForTaskForOwner(ownerId, ids[i] as string, reminderTimes(task));
    await unit.completions.insertImportedCompletionsForOwner(
      ownerId,
      fresh.flatMap((task, i) =>
        task.completions.map((c) => ({
          taskId: ids[i] as string,
          dueDate: c.dueDate,
          completedAt: c.completedAt,
          version: 1,
        })),
      ),
    );
    return {
      created: { lists: createdLists, tasks: fresh.length },
      skipped: plan.skipped + plan.tasks.length - fresh.length,
      errors: plan.problems,
    };
  }

  const write = (ownerId: string, plan: Plan) =>
    runOwnerWrite(handle, ownerId, (unit) => apply(unit, ownerId, plan), { maxTasksPerOwner: cap });

  return {
    /** Our JSON export (checked against its schema by the route). */
    importJson(ownerId: string, doc: ExportDocument): Promise<ImportResult> {
      refuseOverCap(doc.tasks.length);
      return write(ownerId, planJson(doc, new Date()));
    },

    /**
     * A Todoist CSV file, as bytes. Sections become lists; tasks before any
     * section go to `defaultList` (your Inbox unless given).
     */
    async importCsv(ownerId: string, bytes: ArrayBuffer, defaultList?: string): Promise<ImportResult> {
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new ImportRefused("The file is not UTF-8 text; export it from Todoist as CSV.");
      }
      if (text.includes("\u0000")) throw new ImportRefused("The file holds binary data, not CSV text.");
      let rows: TodoistRow[];
      try {
        rows = readTodoistCsv(text);
      } catch (error) {
        if (error instanceof TodoistCsvUnreadable)
          throw new ImportRefused(error.message, [{ line: error.line, message: error.message }]);
        throw error;
      }
      refuseOverCap(rows.filter((row) => row.type === "task").length);
      const zone = await settings.getTimeZoneForOwner(ownerId);
      return write(ownerId, planCsv(rows, zone, new Date(), defaultList));
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
