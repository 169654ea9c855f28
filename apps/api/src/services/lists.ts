// The list service (SPEC §7): what the list routes call, one function per
// request. Writes run in one unit of work on the caller's data, like tasks.
import {
  createListRepository,
  type DbHandle,
  type ListRow,
  type ListWithCount,
  type ListWritable,
  type OwnerUnit,
  runOwnerWrite,
} from "@todo/db";
import { InboxIsFixed, ListNotFound, ListVersionMismatch } from "./errors";

export function createListService(handle: DbHandle) {
  const reads = createListRepository(handle.db);
  const write = <T>(ownerId: string, work: (unit: OwnerUnit) => Promise<T>) =>
    runOwnerWrite(handle, ownerId, work);

  /** The owner's list, locked until commit, at the version the client expects. */
  async function lockedList(
    unit: OwnerUnit,
    ownerId: string,
    id: string,
    expectedVersion?: number,
  ): Promise<ListRow> {
    const list = await unit.lists.getListForUpdateForOwner(ownerId, id);
    if (!list) throw new ListNotFound();
    if (expectedVersion !== undefined && list.version !== expectedVersion) throw new ListVersionMismatch();
    return list;
  }

  async function withCount(lists: Pick<OwnerUnit["lists"], "getListForOwner">, ownerId: string, id: string) {
    const list = await lists.getListForOwner(ownerId, id);
    if (!list) throw new ListNotFound();
    return list;
  }

  return {
    /** Inbox first (made here on first need), then by position. */
    async listLists(ownerId: string): Promise<ListWithCount[]> {
      return write(ownerId, async (unit) => {
        await unit.lists.ensureInboxForOwner(ownerId);
        return unit.lists.listListsForOwner(ownerId);
      });
    },

    getList(ownerId: string, id: string): Promise<ListWithCount> {
      return withCount(reads, ownerId, id);
    },

    /** Throws ListNameTaken (the Inbox's name included) and ListLimitReached. */
    createList(
      ownerId: string,
      input: { name: string; color?: ListWritable["color"] | undefined; position?: number | undefined },
    ): Promise<ListWithCount> {
      return write(ownerId, async (unit) => {
        // First, so that "Inbox" is taken before anyone can name a list so.
        await unit.lists.ensureInboxForOwner(ownerId);
        const list = await unit.lists.createListForOwner(ownerId, {
          name: input.name,
          color: input.color ?? "grey",
          position: input.position,
        });
        return { ...list, openTaskCount: 0 };
      });
    },

    updateList(
      ownerId: string,
      id: string,
      changes: Partial<ListWritable>,
      expectedVersion?: number,
    ): Promise<ListWithCount> {
      return write(ownerId, async (unit) => {
        const list = await lockedList(unit, ownerId, id, expectedVersion);
        if (list.isInbox && changes.name !== undefined && changes.name !== list.name)
          throw new InboxIsFixed("name");
        if (list.isInbox && changes.archived) throw new InboxIsFixed("archived");
        await unit.lists.updateListForOwner(ownerId, id, changes);
        return withCount(unit.lists, ownerId, id);
      });
    },

    /** Deletes the list and its tasks in one unit of work; how many tasks went with it. */
    deleteList(ownerId: string, id: string, expectedVersion?: number): Promise<number> {
      return write(ownerId, async (unit) => {
        const list = await lockedList(unit, ownerId, id, expectedVersion);
        if (list.isInbox) throw new InboxIsFixed("delete");
        const deleted = await unit.tasks.deleteTasksOfListForOwner(ownerId, id);
        await unit.lists.deleteListForOwner(ownerId, id);
        return deleted;
      });
    },
  };
}

export type ListService = ReturnType<typeof createListService>;
