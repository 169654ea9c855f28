// The open event streams of this API process (SPEC §9), and what wakes them:
// the database's change signal (NOTIFY on PostgreSQL, in-process on PGlite).
// Each stream reads its owner's feed from where it left off, so a notice
// missed or coalesced costs nothing: the next read finds every change.

import {
  type ChangeSignalEvent,
  createChangeFeedReader,
  createListRepository,
  createTaskRepository,
  type DbHandle,
  type OwnerChangeRow,
} from "@todo/db";
import type { SSEStreamingApi } from "hono/streaming";
import { toList } from "../routes/lists";
import { toTask } from "../routes/tasks.types";

export interface EventHubOptions {
  /** A comment line this often keeps proxies and clients from giving up (SPEC: at least every 25 s). */
  heartbeatMs?: number;
}

const BATCH = 200;

interface Subscriber {
  ownerId: string;
  wake(): void;
  close(): void;
}

export function createEventHub(handle: DbHandle, options: EventHubOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const feed = createChangeFeedReader(handle.db);
  const tasks = createTaskRepository(handle.db);
  const lists = createListRepository(handle.db);
  const byOwner = new Map<string, Set<Subscriber>>();
  let unsubscribe: (() => void) | undefined;

  function onSignal(event: ChangeSignalEvent) {
    if ("gap" in event) for (const set of byOwner.values()) for (const s of set) s.wake();
    else for (const s of byOwner.get(event.ownerId) ?? []) s.wake();
  }

  /** The SSE messages for a batch of feed rows: tasks and lists as they are now. */
  async function messagesFor(ownerId: string, rows: OwnerChangeRow[]) {
    const taskIds = rows.filter((r) => r.entity === "task" && r.op === "upsert").map((r) => r.entityId);
    const current = new Map((await tasks.getTasksByIdsForOwner(ownerId, taskIds)).map((t) => [t.id, t]));
    const messages: { event: string; data: string; id: string }[] = [];
    for (const row of rows) {
      const id = String(row.seq);
      if (row.entity === "reminder") {
        messages.push({ event: "reminder", data: JSON.stringify(row.payload), id });
      } else if (row.op === "delete") {
        messages.push({ event: row.entity, data: JSON.stringify({ op: "delete", id: row.entityId }), id });
      } else if (row.entity === "task") {
        const task = current.get(row.entityId);
        // Deleted since: its own delete follows in the feed.
        if (task)
          messages.push({ event: "task", data: JSON.stringify({ op: "upsert", task: toTask(task) }), id });
      } else {
        const list = await lists.getListForOwner(ownerId, row.entityId);
        if (list)
          messages.push({ event: "list", data: JSON.stringify({ op: "upsert", list: toList(list) }), id });
      }
    }
    return messages;
  }

  return {
    /**
     * Streams `ownerId`'s changes after `since` (none: from now) until the
     * client goes, the token expires (`expiresAt`, epoch seconds), or the
     * process stops. Resolves when the stream has ended.
     */
    async serve(
      stream: SSEStreamingApi,
      ownerId: string,
      since: number | undefined,
      expiresAt: number,
    ): Promise<void> {
      let cursor = await feed.lastSeqForOwner(ownerId);
      if (since !== undefined) {
        if (await feed.canReplayFromForOwner(ownerId, since)) cursor = since;
        else await stream.writeSSE({ event: "reset", data: "{}", id: String(cursor) });
      }
      if (!unsubscribe) unsubscribe = handle.changes.subscribe(onSignal);

      await new Promise<void>((resolve) => {
        let pending = true;
        let running = false;
        let ended = false;
        const timers: NodeJS.Timeout[] = [];
        const subscriber: Subscriber = {
          ownerId,
          wake() {
            pending = true;
            if (!running && !ended) void drain();
          },
          close: () => end(),
        };
        function end() {
          if (ended) return;
          ended = true;
          for (const timer of timers) clearInterval(timer);
          byOwner.get(ownerId)?.delete(subscriber);
          if (byOwner.get(ownerId)?.size === 0) byOwner.delete(ownerId);
          resolve();
        }
        async function drain() {
          running = true;
          try {
            while (pending && !ended) {
              pending = false;
              const rows = await feed.readChangesForOwner(ownerId, cursor, BATCH);
              if (rows.length === BATCH) pending = true;
              for (const message of await messagesFor(ownerId, rows)) await stream.writeSSE(message);
              const last = rows.at(-1);
              if (last) cursor = last.seq;
            }
          } catch {
            // The client went away mid-write, or the database failed: the client reconnects and catches up.
            end();
          } finally {
            running = false;
          }
        }

        const set = byOwner.get(ownerId) ?? new Set<Subscriber>();
        byOwner.set(ownerId, set);
        set.add(subscriber);
        stream.onAbort(end);
        timers.push(
          setInterval(() => {
            stream.write(": keep-alive\n\n").catch(end);
          }, heartbeatMs),
        );
        const untilExpiry = Math.max(0, expiresAt * 1000 - Date.now());
        timers.push(setTimeout(end, Math.min(untilExpiry, 2 ** 31 - 1)));
        void drain();
      });
    },

    /** How many streams are open (for tests and the start-up log). */
    openStreams(): number {
      let n = 0;
      for (const set of byOwner.values()) n += set.size;
      return n;
    },

    /** Ends every stream: first thing on shutdown, since a stream never finishes by itself. */
    closeAll(): void {
      for (const set of [...byOwner.values()]) for (const s of [...set]) s.close();
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
