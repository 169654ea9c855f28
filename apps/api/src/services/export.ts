// Export (SPEC §10) and the calendar feed's reads: everything the owner has,
// as our JSON, Todoist's CSV or iCalendar. Each file is made as it is sent, a
// page of tasks at a time, pulled by the client's reading: a 10,000-task
// export never sits whole in memory, and a database failure halfway aborts
// the response instead of ending a truncated file that looks complete.
import { EXPORT_SCHEMA_VERSION } from "@todo/contract/export-schemas";
import {
  createListRepository,
  createOwnerSettingsStore,
  createTaskCompletionStore,
  createTaskRepository,
  type DbHandle,
  type ListRow,
  type TaskRow,
} from "@todo/db";
import { calendarFrame, vtodo } from "./formats/icalendar";
import { csvHeader, sectionRows, taskRows } from "./formats/todoist-csv";

/** Tasks read per query: big enough to be quick, small enough to stay a few hundred KiB. */
const PAGE_SIZE = 500;

export interface ExportOwner {
  id: string;
  email?: string | undefined;
  name?: string | undefined;
}

export interface ExportServiceOptions {
  /** Told of a failure after the response began (the client sees the connection cut). */
  onStreamError?: ((error: unknown) => void) | undefined;
}

type Filter = { listId?: string | undefined; open?: boolean | undefined; due?: boolean | undefined };

/** A pull stream of UTF-8 text: the next chunk is made only when the client has taken the last. */
function textStream(
  chunks: AsyncIterable<string>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Skip empty chunks: enqueueing nothing would stall the pull loop.
        for (;;) {
          const { done, value } = await iterator.next();
          if (done) return controller.close();
          if (value) return controller.enqueue(encoder.encode(value));
        }
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export function createExportService(handle: DbHandle, options: ExportServiceOptions = {}) {
  const tasks = createTaskRepository(handle.db);
  const lists = createListRepository(handle.db);
  const completions = createTaskCompletionStore(handle.db);
  const settings = createOwnerSettingsStore(handle.db);
  const onError = options.onStreamError ?? (() => {});

  /** The owner's tasks, page by page, oldest first. */
  async function* pages(ownerId: string, filter: Filter): AsyncGenerator<TaskRow[]> {
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await tasks.exportTasksPageForOwner(ownerId, { ...filter, after, limit: PAGE_SIZE });
      if (page.length > 0) yield page;
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  const listJson = (list: ListRow) => ({
    id: list.id,
    name: list.name,
    color: list.color,
    position: list.position,
    isInbox: list.isInbox,
    archived: list.archived,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  });

  async function* json(owner: ExportOwner, now: Date): AsyncGenerator<string> {
    const zone = await settings.getTimeZoneForOwner(owner.id);
    const header = {
      schemaVersion: EXPORT_SCHEMA_VERSION,
      exportedAt: now.toISOString(),
      user: { id: owner.id, email: owner.email ?? null, name: owner.name ?? null, timeZone: zone },
      lists: (await lists.listListsForOwner(owner.id)).map(listJson),
    };
    const opening = JSON.stringify(header);
    // The header object, left open for the tasks: `{…,"lists":[…],"tasks":[`.
    yield `${opening.slice(0, -1)},"tasks":[\n`;
    let first = true;
    for await (const page of pages(owner.id, {})) {
      const done = await completions.listCompletionsOfTasksForOwner(
        owner.id,
        page.map((task) => task.id),
      );
      const byTask = new Map<string, typeof done>();
      for (const completion of done)
        byTask.set(completion.taskId, [...(byTask.get(completion.taskId) ?? []), completion]);
      const lines = page.map((task) =>
        JSON.stringify({
          id: task.id,
          listId: task.listId,
          title: task.title,
          description: task.description,
          completed: task.completed,
          priority: task.priority,
          dueDate: task.dueDate,
          dueAt: task.dueAt?.toISOString() ?? null,
          recurrence: task.recurrence,
          recurrenceAnchor: task.recurrenceAnchor,
          recurrenceDone: task.recurrenceDone,
          reminders: task.reminders,
          tags: task.tags,
          createdAt: task.createdAt.toISOString(),
          updatedAt: task.updatedAt.toISOString(),
          completedAt: task.completedAt?.toISOString() ?? null,
          completions: (byTask.get(task.id) ?? []).map((c) => ({
            dueDate: c.dueDate,
            completedAt: c.completedAt.toISOString(),
          })),
        }),
      );
      yield `${first ? "" : ",\n"}${lines.join(",\n")}`;
      first = false;
    }
    yield "\n]}\n";
  }

  async function* csv(ownerId: string): AsyncGenerator<string> {
    const zone = await settings.getTimeZoneForOwner(ownerId);
    yield csvHeader();
    for (const list of await lists.listListsForOwner(ownerId)) {
      yield sectionRows(list.name);
      for await (const page of pages(ownerId, { listId: list.id, open: true })) yield taskRows(page, zone);
    }
  }

  async function* ics(ownerId: string, filter: Filter, name: string, now: Date): AsyncGenerator<string> {
    const frame = calendarFrame(name);
    yield frame.head;
    for await (const page of pages(ownerId, filter)) yield page.map((task) => vtodo(task, now)).join("");
    yield frame.tail;
  }

  return {
    /** Everything: lists, tasks (completed too), recurrence, reminders and completions. */
    exportJson(owner: ExportOwner): ReadableStream<Uint8Array> {
      return textStream(json(owner, new Date()), onError);
    },

    /** Open tasks in Todoist's import format: each list a section. */
    exportCsv(ownerId: string): ReadableStream<Uint8Array> {
      return textStream(csv(ownerId), onError);
    },

    /** Every task as a VTODO. */
    exportIcs(ownerId: string): ReadableStream<Uint8Array> {
      return textStream(ics(ownerId, {}, "Todo", new Date()), onError);
    },

    /** The calendar feed: open tasks with a due. */
    feedIcs(ownerId: string): ReadableStream<Uint8Array> {
      return textStream(ics(ownerId, { open: true, due: true }, "Todo: open tasks", new Date()), onError);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
