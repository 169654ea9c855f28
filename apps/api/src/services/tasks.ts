// The task service: what the routes call, one function per request. Reads
// run on the plain database. Every write runs in one unit of work on the
// caller's data (runOwnerWrite): the only place a transaction is opened, and
// the one place for what every write must also do (docs/decisions/0005).
// Refusals are thrown as the errors in ./errors and @todo/db; the routes
// never branch on them, the app's one error table answers them.
import { TAGS_PER_TASK_MAX } from "@todo/contract/limits";
import type { RecurrenceInput } from "@todo/contract/task-schemas";
import type { TaskView } from "@todo/contract/vocabulary";
import {
  createListRepository,
  createOwnerSettingsStore,
  createTaskCompletionStore,
  createTaskRepository,
  type DbHandle,
  type OwnerUnit,
  reminderTimes,
  runOwnerWrite,
  type StoredRecurrence,
  type StoredReminder,
  type StoredResponse,
  type TaskCompletionRow,
  type TaskListQuery,
  type TaskPage,
  type TaskPriority,
  type TaskRow,
  type TaskWritable,
} from "@todo/db";
import { parseQuickAdd, type QuickAddResult } from "@todo/quick-add/parse";
import { describeRule } from "@todo/recurrence/describe-rule";
import { nextOccurrence } from "@todo/recurrence/next-occurrence";
import { normalizeRule, RecurrenceRuleError } from "@todo/recurrence/rule";
import { instantToLocal, localToInstant, todayIn } from "@todo/recurrence/zoned-time";
import {
  IdempotencyKeyInUse,
  IdempotencyKeyReused,
  ListNotUsable,
  QuickAddRefused,
  RecurrenceRefused,
  ReminderRefused,
  TaskNotFound,
  TaskVersionMismatch,
  written,
} from "./errors";

/**
 * A task's fields as a client sends them (after the schema): each one
 * absent = unchanged (create: its default). A due is `dueDate` (all day) or
 * `dueAt` (timed); `null` in either clears it.
 */
export interface TaskDraft {
  title?: string | undefined;
  description?: string | null | undefined;
  completed?: boolean | undefined;
  priority?: TaskPriority | undefined;
  listId?: string | undefined;
  dueDate?: string | null | undefined;
  dueAt?: string | null | undefined;
  recurrence?: RecurrenceInput | null | undefined;
  reminders?: StoredReminder[] | undefined;
  tags?: string[] | undefined;
}

/** A create: the task's fields, or quick-add text (with an optional list and description). */
export type TaskCreateDraft =
  | (TaskDraft & { title: string })
  | {
      quickAdd: string;
      listId?: string | undefined;
      description?: string | null | undefined;
    };

/** A list query as the route parsed it; the view's "today" is the service's to work out. */
export type TaskListRequest = Omit<TaskListQuery, "view" | "sort"> & {
  view?: TaskView | undefined;
  sort?: TaskListQuery["sort"] | undefined;
};

/** The task as it would be after `draft`: the fields that decide its due and recurrence. */
interface DueState {
  dueDate: string | null;
  dueAt: Date | null;
  reminders: StoredReminder[];
  recurrence: StoredRecurrence | null;
  recurrenceAnchor: string | null;
  recurrenceDone: number;
}

/**
 * The draft as columns, checked against what the task is now (`current`,
 * none for a create): the list must be the owner's, a rule must be one we
 * support, and a recurrence needs a due. A timed due's day is the owner's.
 */
async function resolveDraft(
  unit: OwnerUnit,
  ownerId: string,
  zone: string,
  draft: TaskDraft,
  current: DueState | undefined,
): Promise<Partial<TaskWritable> & DueState> {
  const { listId, dueDate, dueAt, recurrence, reminders, ...plain } = draft;
  const values: Partial<TaskWritable> = {};
  for (const [key, value] of Object.entries(plain))
    if (value !== undefined) Object.assign(values, { [key]: value });
  if (listId !== undefined) {
    if (!(await unit.lists.isListOfOwner(ownerId, listId))) throw new ListNotUsable();
    values.listId = listId;
  }

  const state: DueState = {
    dueDate: current?.dueDate ?? null,
    dueAt: current?.dueAt ?? null,
    reminders: reminders ?? current?.reminders ?? [],
    recurrence: current?.recurrence ?? null,
    recurrenceAnchor: current?.recurrenceAnchor ?? null,
    recurrenceDone: current?.recurrenceDone ?? 0,
  };
  const before = { dueDate: state.dueDate, rule: state.recurrence?.rule, from: state.recurrence?.from };
  if (dueAt !== undefined) {
    state.dueAt = dueAt === null ? null : new Date(dueAt);
    state.dueDate = dueAt === null ? null : instantToLocal(dueAt, zone).date;
  } else if (dueDate !== undefined) {
    state.dueAt = null;
    state.dueDate = dueDate;
  }
  if (recurrence !== undefined) state.recurrence = recurrence === null ? null : storedRecurrence(recurrence);
  // A new rule, or a due moved by hand, starts the series again from that due
  // (a PUT that sends the same ones back changes nothing).
  const ruleChanged = state.recurrence?.rule !== before.rule || state.recurrence?.from !== before.from;
  if (ruleChanged) state.recurrenceDone = 0;
  if (ruleChanged || state.dueDate !== before.dueDate)
    state.recurrenceAnchor = state.recurrence ? state.dueDate : null;
  if (state.recurrence && !state.dueDate)
    throw new RecurrenceRefused("recurrence", "A recurring task needs a due: send dueDate or dueAt with it.");
  if (!state.dueAt && state.reminders.some((reminder) => "before" in reminder))
    throw new ReminderRefused(
      "A reminder some minutes before the due needs a due with a time of day (dueAt).",
    );
  return { ...values, ...state };
}

/** The rule in its canonical form, with a description written for it when the client sent none. */
function storedRecurrence(input: RecurrenceInput): StoredRecurrence {
  let rule: string;
  try {
    rule = normalizeRule(input.rule);
  } catch (error) {
    if (error instanceof RecurrenceRuleError) throw new RecurrenceRefused("recurrence.rule", error.message);
    throw error;
  }
  return { rule, text: input.text ?? describeRule(rule, input.from), from: input.from };
}

/**
 * Completing a recurring task (SPEC §8): it stays open with its due moved to
 * the next occurrence, at the same time of day in the owner's zone; once
 * COUNT or UNTIL is used up it is completed for good. Either way the
 * completion is recorded.
 */
function advance(state: DueState, zone: string, now: Date): Partial<TaskWritable> {
  const { recurrence, dueDate } = state;
  if (!recurrence || !dueDate) return { completed: true };
  const next = nextOccurrence({
    rule: recurrence.rule,
    from: recurrence.from,
    anchorDate: state.recurrenceAnchor ?? dueDate,
    dueDate,
    today: todayIn(zone, now),
    completedCount: state.recurrenceDone,
  });
  if (next === null) return { completed: true };
  const time = state.dueAt ? instantToLocal(state.dueAt, zone).time : null;
  const nextAt = time === null ? null : new Date(localToInstant(next, time, zone));
  // A reminder at a fixed instant moves with the due, so each occurrence has its own.
  const shift =
    nextAt && state.dueAt
      ? nextAt.getTime() - state.dueAt.getTime()
      : daysBetween(dueDate, next) * 86_400_000;
  return {
    completed: false,
    dueDate: next,
    dueAt: nextAt,
    recurrenceDone: state.recurrenceDone + 1,
    reminders: state.reminders.map((reminder) =>
      "at" in reminder ? { at: new Date(Date.parse(reminder.at) + shift).toISOString() } : reminder,
    ),
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether a write changed when the task's reminders fire. */
function remindersMoved(before: TaskRow | undefined, after: TaskRow): boolean {
  if (!before) return after.reminders.length > 0;
  return (
    before.completed !== after.completed ||
    before.dueAt?.getTime() !== after.dueAt?.getTime() ||
    JSON.stringify(before.reminders) !== JSON.stringify(after.reminders)
  );
}

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** Expired keys deleted per stored key: enough to keep up, small enough to cost nothing. */
const PURGE_BATCH = 100;

export interface TaskServiceOptions {
  /** Most tasks one owner may keep (10,000 unless a test needs fewer). */
  maxTasksPerOwner?: number | undefined;
  /** How long an Idempotency-Key is remembered (24 h unless given). */
  idempotencyTtlSeconds?: number | undefined;
}

/** A create sent with an Idempotency-Key: the key, and what tells its requests apart. */
export interface IdempotentCreate {
  key: string;
  /** A digest of the request body: the same key with another body is refused. */
  fingerprint: string;
}

/** The answer to a keyed create: the first one, stored, and whether this is a repeat of it. */
export interface CreateReply {
  response: StoredResponse;
  replayed: boolean;
}

export function createTaskService(handle: DbHandle, options: TaskServiceOptions = {}) {
  const reads = createTaskRepository(handle.db);
  const settings = createOwnerSettingsStore(handle.db);
  const completions = createTaskCompletionStore(handle.db);
  const lists = createListRepository(handle.db);
  const ttlSeconds = options.idempotencyTtlSeconds ?? IDEMPOTENCY_TTL_SECONDS;
  const write = <T>(ownerId: string, work: (unit: OwnerUnit) => Promise<T>) =>
    runOwnerWrite(handle, ownerId, work, { maxTasksPerOwner: options.maxTasksPerOwner });

  /** Quick-add text in the owner's zone, `#Name` among their lists that are not archived. */
  async function parseFor(
    lists: Pick<OwnerUnit["lists"], "listListsForOwner">,
    ownerId: string,
    zone: string,
    text: string,
  ): Promise<QuickAddResult> {
    const open = (await lists.listListsForOwner(ownerId)).filter((list) => !list.archived);
    return parseQuickAdd(text, { timeZone: zone, now: new Date(), lists: open });
  }

  async function create(unit: OwnerUnit, ownerId: string, input: TaskCreateDraft): Promise<TaskRow> {
    const zone = await unit.settings.getTimeZoneForOwner(ownerId);
    let draft: TaskDraft & { title: string };
    if ("quickAdd" in input) {
      const parsed = await parseFor(unit.lists, ownerId, zone, input.quickAdd);
      if (!parsed.title)
        throw new QuickAddRefused(
          "The text has no title left once its date, recurrence, priority, list and tags are taken out.",
          "leaves no title",
        );
      if (parsed.tags.length > TAGS_PER_TASK_MAX)
        throw new QuickAddRefused(
          `A task can have at most ${TAGS_PER_TASK_MAX} tags; the text has ${parsed.tags.length}.`,
          `has more than ${TAGS_PER_TASK_MAX} tags`,
        );
      draft = {
        title: parsed.title,
        description: input.description,
        priority: parsed.priority,
        tags: parsed.tags,
        listId: parsed.listId ?? input.listId,
        ...(parsed.dueAt ? { dueAt: parsed.dueAt } : { dueDate: parsed.dueDate }),
        recurrence: parsed.recurrence,
      };
    } else draft = input;
    const values = await resolveDraft(unit, ownerId, zone, draft, undefined);
    const row = await unit.tasks.createTaskForOwner(ownerId, {
      description: null,
      completed: false,
      priority: "none",
      tags: [],
      ...values,
      title: draft.title,
    });
    if (remindersMoved(undefined, row))
      await unit.reminderJobs.replaceJobsForTaskForOwner(ownerId, row.id, reminderTimes(row));
    return row;
  }

  /**
   * One write to one task, computed from the task as it is now (locked until
   * commit). `seenVersion`: the version a completion without If-Match found
   * when it arrived; if another completion advanced the task while this one
   * waited for the lock, both meant the same occurrence: it is not done again.
   */
  async function change(
    ownerId: string,
    id: string,
    draftFor: (current: TaskRow) => TaskDraft,
    expectedVersion: number | undefined,
    seenVersion?: number,
  ): Promise<TaskRow> {
    return write(ownerId, async (unit) => {
      const current = await unit.tasks.getTaskForUpdateForOwner(ownerId, id);
      if (!current) throw new TaskNotFound();
      if (expectedVersion !== undefined && current.version !== expectedVersion)
        throw new TaskVersionMismatch();
      const draft = draftFor(current);
      const completing = draft.completed === true && !current.completed;
      if (
        completing &&
        seenVersion !== undefined &&
        current.version !== seenVersion &&
        (await unit.completions.completedSinceForOwner(ownerId, id, seenVersion))
      )
        return current;
      const zone = await unit.settings.getTimeZoneForOwner(ownerId);
      const values = await resolveDraft(unit, ownerId, zone, draft, current);
      const recurring = completing && values.recurrence !== null;
      const update = recurring ? { ...values, ...advance(values, zone, new Date()) } : values;
      const row = written(await unit.tasks.updateTaskForOwner(ownerId, id, update, current.version));
      if (remindersMoved(current, row))
        await unit.reminderJobs.replaceJobsForTaskForOwner(ownerId, id, reminderTimes(row));
      if (recurring)
        await unit.completions.recordCompletionForOwner(ownerId, {
          taskId: id,
          dueDate: values.dueDate,
          version: row.version,
        });
      return row;
    });
  }

  return {
    /** With a view, "today" is the owner's; the view's order (by due) unless a sort is given. */
    async listTasks(ownerId: string, request: TaskListRequest): Promise<TaskPage> {
      const { view, sort, ...query } = request;
      const today = view ? todayIn(await settings.getTimeZoneForOwner(ownerId), new Date()) : undefined;
      return reads.listTasksForOwner(ownerId, {
        ...query,
        sort: sort ?? (view ? "dueAt" : "-createdAt"),
        view: view && today ? { name: view, today } : undefined,
      });
    },

    /** What quick-add text would create, stored nowhere. */
    async parseQuickAdd(ownerId: string, text: string): Promise<QuickAddResult> {
      return parseFor(lists, ownerId, await settings.getTimeZoneForOwner(ownerId), text);
    },

    async getTask(ownerId: string, id: string): Promise<TaskRow> {
      const row = await reads.getTaskForOwner(ownerId, id);
      if (!row) throw new TaskNotFound();
      return row;
    },

    /** A recurring task's completions, oldest first. */
    async listCompletions(ownerId: string, taskId: string): Promise<TaskCompletionRow[]> {
      if (!(await reads.getTaskForOwner(ownerId, taskId))) throw new TaskNotFound();
      return completions.listCompletionsForOwner(ownerId, taskId);
    },

    /** Throws TaskLimitReached at the owner's cap, AccountDeleted once their data was erased. */
    createTask(ownerId: string, draft: TaskCreateDraft): Promise<TaskRow> {
      return write(ownerId, (unit) => create(unit, ownerId, draft));
    },

    /**
     * A create that a client may send again with the same key: the key is
     * claimed, and the task made and `respond(task)` stored under it, in one
     * transaction, so a task never exists without its stored answer or the
     * other way round. A repeat gets that first answer and creates nothing.
     * Throws IdempotencyKeyInUse while another request holds the key,
     * IdempotencyKeyReused when the key came with another body, and whatever
     * createTask throws (then nothing is stored: the retry gets a fresh look).
     */
    createTaskOnce(
      ownerId: string,
      draft: TaskCreateDraft,
      request: IdempotentCreate,
      respond: (task: TaskRow) => StoredResponse,
    ): Promise<CreateReply> {
      return write(ownerId, async (unit) => {
        const { idempotencyKeys: keys } = unit;
        if (!(await keys.tryLockKeyForOwner(ownerId, request.key))) throw new IdempotencyKeyInUse();
        const earlier = await keys.findKeyForOwner(ownerId, request.key);
        if (earlier) {
          if (earlier.fingerprint !== request.fingerprint) throw new IdempotencyKeyReused();
          const { fingerprint: _, ...response } = earlier;
          return { response, replayed: true };
        }
        const response = respond(await create(unit, ownerId, draft));
        const record = { fingerprint: request.fingerprint, ...response };
        if (!(await keys.saveKeyForOwner(ownerId, request.key, record, ttlSeconds)))
          throw new IdempotencyKeyInUse();
        await keys.purgeExpiredKeys(PURGE_BATCH);
        return { response, replayed: false };
      });
    },

    /**
     * With `expectedVersion`, only if the task is still at that version (else
     * TaskVersionMismatch). Completing a recurring task moves it to its next due.
     */
    async updateTask(
      ownerId: string,
      id: string,
      draft: TaskDraft,
      expectedVersion?: number,
    ): Promise<TaskRow> {
      const seen =
        draft.completed === true && expectedVersion === undefined
          ? (await reads.getTaskForOwner(ownerId, id))?.version
          : undefined;
      return change(ownerId, id, () => draft, expectedVersion, seen);
    },

    /** The compatibility toggle: completing a recurring task advances it, as PATCH does. */
    toggleTask(ownerId: string, id: string, expectedVersion?: number): Promise<TaskRow> {
      return change(ownerId, id, (current) => ({ completed: !current.completed }), expectedVersion);
    },

    async deleteTask(ownerId: string, id: string, expectedVersion?: number): Promise<void> {
      await write(ownerId, async (unit) =>
        written(await unit.tasks.deleteTaskForOwner(ownerId, id, expectedVersion)),
      );
    },

    /** How many were deleted. */
    clearCompleted(ownerId: string): Promise<number> {
      return write(ownerId, (unit) => unit.tasks.deleteCompletedTasksForOwner(ownerId));
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
