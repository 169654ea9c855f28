// One unit of work on one owner's data: the ONE place where every write to a
// user's data runs, and so the one place for whatever each of them must also
// do (docs/decisions/0005-explicit-units-of-work.md).
//
// The nesting rule: only a service function opens a transaction, by calling
// runOwnerWrite (which goes through DbHandle.transaction, the only way to open
// one). Repositories never open a transaction and run on whatever Database
// they are given; a unit never opens another (its `tx` has no `transaction`).
import type { DbHandle } from "./client";
import { createDeletedAccountStore, type DeletedAccountStore } from "./deleted-accounts";
import { createIdempotencyKeyStore, type IdempotencyKeyStore } from "./idempotency-keys";
import { beginUnit, endUnit } from "./owner-lock";
import { createTaskRepository, type TaskChange, type TaskRepository } from "./tasks";

/** The repositories of one unit of work, every one bound to its transaction. */
export interface OwnerUnit {
  tasks: TaskRepository;
  idempotencyKeys: IdempotencyKeyStore;
  deletedAccounts: DeletedAccountStore;
}

export interface OwnerWriteOptions {
  /** Most tasks one owner may keep (MAX_TASKS_PER_OWNER unless given). */
  maxTasksPerOwner?: number | undefined;
}

/**
 * Runs `work` as one transaction on `ownerId`'s data: commit when it
 * resolves, rollback when it throws. Writes that need the owner's lock
 * (creates, the erasure) take it inside, in the order the work does them:
 * an idempotent create claims its key first, so a repeat of it is told 409
 * at once instead of queueing behind it.
 */
export function runOwnerWrite<T>(
  handle: Pick<DbHandle, "transaction">,
  ownerId: string,
  work: (unit: OwnerUnit) => Promise<T>,
  options: OwnerWriteOptions = {},
): Promise<T> {
  return handle.transaction(async (tx) => {
    beginUnit(tx, ownerId);
    try {
      const changes: TaskChange[] = [];
      const result = await work({
        tasks: createTaskRepository(tx, {
          maxTasksPerOwner: options.maxTasksPerOwner,
          onChange: (change) => changes.push(change),
        }),
        idempotencyKeys: createIdempotencyKeyStore(tx),
        deletedAccounts: createDeletedAccountStore(tx),
      });
      // Here, in the same transaction, goes what every write of an owner's
      // data must also do. The change feed (a later issue) is one line: rows
      // for `changes`, numbered per owner, e.g.
      //   await appendToChangeFeed(tx, ownerId, changes);
      return result;
    } finally {
      endUnit(tx);
    }
  });
}
