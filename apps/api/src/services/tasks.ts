// The task service: what the routes call, one function per request. Reads
// run on the plain database. Every write runs in one unit of work on the
// caller's data (runOwnerWrite): the only place a transaction is opened, and
// the one place for what every write must also do (docs/decisions/0005).
// Refusals are thrown as the errors in ./errors and @todo/db; the routes
// never branch on them, the app's one error table answers them.
import {
  createTaskRepository,
  type DbHandle,
  type OwnerUnit,
  runOwnerWrite,
  type StoredResponse,
  type TaskListQuery,
  type TaskPage,
  type TaskRow,
  type TaskWritable,
} from "@todo/db";
import { IdempotencyKeyInUse, IdempotencyKeyReused, TaskNotFound, written } from "./errors";

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
  const ttlSeconds = options.idempotencyTtlSeconds ?? IDEMPOTENCY_TTL_SECONDS;
  const write = <T>(ownerId: string, work: (unit: OwnerUnit) => Promise<T>) =>
    runOwnerWrite(handle, ownerId, work, { maxTasksPerOwner: options.maxTasksPerOwner });

  return {
    listTasks(ownerId: string, query: TaskListQuery): Promise<TaskPage> {
      return reads.listTasksForOwner(ownerId, query);
    },

    async getTask(ownerId: string, id: string): Promise<TaskRow> {
      const row = await reads.getTaskForOwner(ownerId, id);
      if (!row) throw new TaskNotFound();
      return row;
    },

    /** Throws TaskLimitReached at the owner's cap, AccountDeleted once their data was erased. */
    createTask(ownerId: string, input: TaskWritable): Promise<TaskRow> {
      return write(ownerId, (unit) => unit.tasks.createTaskForOwner(ownerId, input));
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
      input: TaskWritable,
      request: IdempotentCreate,
      respond: (task: TaskRow) => StoredResponse,
    ): Promise<CreateReply> {
      return write(ownerId, async ({ tasks, idempotencyKeys: keys }) => {
        if (!(await keys.tryLockKeyForOwner(ownerId, request.key))) throw new IdempotencyKeyInUse();
        const earlier = await keys.findKeyForOwner(ownerId, request.key);
        if (earlier) {
          if (earlier.fingerprint !== request.fingerprint) throw new IdempotencyKeyReused();
          const { fingerprint: _, ...response } = earlier;
          return { response, replayed: true };
        }
        const response = respond(await tasks.createTaskForOwner(ownerId, input));
        const record = { fingerprint: request.fingerprint, ...response };
        if (!(await keys.saveKeyForOwner(ownerId, request.key, record, ttlSeconds)))
          throw new IdempotencyKeyInUse();
        await keys.purgeExpiredKeys(PURGE_BATCH);
        return { response, replayed: false };
      });
    },

    /** With `expectedVersion`, only if the task is still at that version (else TaskVersionMismatch). */
    updateTask(
      ownerId: string,
      id: string,
      changes: Partial<TaskWritable>,
      expectedVersion?: number,
    ): Promise<TaskRow> {
      return write(ownerId, async (unit) =>
        written(await unit.tasks.updateTaskForOwner(ownerId, id, changes, expectedVersion)),
      );
    },

    toggleTask(ownerId: string, id: string, expectedVersion?: number): Promise<TaskRow> {
      return write(ownerId, async (unit) =>
        written(await unit.tasks.toggleTaskForOwner(ownerId, id, expectedVersion)),
      );
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
