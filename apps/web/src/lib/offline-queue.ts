// The outbox: every task write the page makes is written down (IndexedDB,
// through `OutboxStorage`) before it is sent, and sent one at a time in the
// order it was made. When the network is gone (or the server briefly
// unavailable, or the session ended) the queue stops and keeps what it holds;
// `resume()` — on the browser's "online" event, and on a timer — sends it
// on. So the open page keeps accepting changes offline, and a change is never
// lost to a closed tab: the next page load of that user adopts what a tab
// that is gone left behind.
//
// Sending them in order matters: a complete after an edit of the same task,
// a delete after both. Each create carries its Idempotency-Key, so a create
// whose answer was lost is not made twice when sent again; each update
// carries the version it was made against, and a later update of the same
// task made against that version moves on with it (as the task store does),
// so a chain of offline edits does not trip over its own If-Match.
//
// No React and no browser APIs here: the app plugs in IndexedDB and the
// task API (offline-tasks.ts), the tests plug in fakes.
import { ApiError } from "./api-client";
import type { Task, TaskChanges, TaskCreate } from "./task-types";

export type OutboxWrite =
  | { kind: "create"; input: TaskCreate; idempotencyKey: string; label: string }
  | {
      kind: "update";
      taskId: string;
      changes: TaskChanges;
      /** Sent as If-Match at once (an edit of text, guarded). */
      ifMatch: number | null;
      /** The version the change was made against: sent as If-Match after waiting offline. */
      base: number | null;
      /** The task as the user saw it, to show both versions on a conflict. */
      baseTask: Task | null;
      label: string;
    }
  | { kind: "delete"; taskId: string; label: string }
  | { kind: "clear-completed"; label: string };

export interface OutboxEntry {
  /** Orders the entries: when it was made (µs since the epoch), unique per outbox. */
  seq: number;
  /** The tab that made it; another tab adopts it once that tab is gone. */
  tab: string;
  write: OutboxWrite;
  /** It waited out a network loss (or came from an earlier page): the world may have moved on. */
  waited: boolean;
}

export interface OutboxStorage {
  all(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(seq: number): Promise<void>;
}

export interface OutboxOptions {
  storage: OutboxStorage;
  /** Sends one write; rejects with an ApiError. */
  send: (entry: OutboxEntry) => Promise<unknown>;
  /** This tab's id. */
  tab: string;
  /** Whether the tab that made an entry is still open (it sends its own entries then). */
  isTabAlive?: (tab: string) => Promise<boolean>;
  /** A write from an earlier page failed for good: nobody is waiting for its answer. */
  onOrphanError?: (entry: OutboxEntry, error: unknown) => void;
  /** The queue stopped on an error that waiting can cure (network, session, overload). */
  onBlocked?: (error: unknown) => void;
  /** Whether to keep the entry and wait (true), or hand the error to its waiter; `isTransient` unless given. */
  transient?: (error: unknown, entry: OutboxEntry) => boolean;
  now?: () => number;
}

/** Worth waiting for: the request may go through later, unchanged. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.sessionExpired || error.status === 429 || error.status >= 502;
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class Outbox {
  readonly #options: OutboxOptions;
  #entries: OutboxEntry[] = [];
  readonly #waiters = new Map<number, Waiter>();
  readonly #listeners = new Set<() => void>();
  #lastSeq = 0;
  #flushing: Promise<void> | null = null;
  #blocked = false;
  #ready: Promise<void>;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#ready = this.#adopt();
    // What an earlier page left (a reload while a change was on its way) goes
    // now, not when the user happens to make their next change.
    void this.#ready.then(() => this.#kick());
  }

  /** Changes not yet confirmed by the server (the one being sent included). */
  get size(): number {
    return this.#entries.length;
  }

  /** True after a transient failure, until `resume()` gets through. */
  get blocked(): boolean {
    return this.#blocked;
  }

  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once the entries an earlier page left behind are loaded. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Queues a write; resolves with the server's answer once it is sent. */
  async submit(write: OutboxWrite): Promise<unknown> {
    await this.#ready;
    const entry: OutboxEntry = { seq: this.#nextSeq(), tab: this.#options.tab, write, waited: this.#blocked };
    const answer = new Promise<unknown>((resolve, reject) =>
      this.#waiters.set(entry.seq, { resolve, reject }),
    );
    this.#entries.push(entry);
    this.#emit();
    // Written down before it is sent; if the storage fails, it is still sent from memory.
    await this.#options.storage.put(entry).catch(() => {});
    this.#kick();
    return answer;
  }

  /** Tries the waiting entries again (the network is back, or a timer says try). */
  resume(): void {
    this.#blocked = false;
    void this.#ready.then(() => this.#kick());
  }

  /** Loads (and re-sends later) what tabs that are gone left behind. */
  async adoptOrphans(): Promise<void> {
    await this.#adopt();
    this.#kick();
  }

  /** Resolves when nothing is waiting or the queue is blocked. */
  async idle(): Promise<void> {
    await this.#ready;
    while (this.#flushing) await this.#flushing;
  }

  async #adopt(): Promise<void> {
    const { storage, tab, isTabAlive } = this.#options;
    let stored: OutboxEntry[];
    try {
      stored = await storage.all();
    } catch {
      return;
    }
    const held = new Set(this.#entries.map((entry) => entry.seq));
    const alive = new Map<string, boolean>();
    for (const entry of stored.sort((a, b) => a.seq - b.seq)) {
      if (held.has(entry.seq)) continue;
      if (entry.tab !== tab) {
        if (!alive.has(entry.tab)) alive.set(entry.tab, (await isTabAlive?.(entry.tab)) ?? false);
        if (alive.get(entry.tab)) continue;
      }
      const adopted: OutboxEntry = { ...entry, tab, waited: true };
      this.#entries.push(adopted);
      this.#lastSeq = Math.max(this.#lastSeq, entry.seq);
      await storage.put(adopted).catch(() => {});
    }
    this.#entries.sort((a, b) => a.seq - b.seq);
    this.#emit();
  }

  #nextSeq(): number {
    const now = (this.#options.now ?? Date.now)() * 1000;
    this.#lastSeq = Math.max(now, this.#lastSeq + 1);
    return this.#lastSeq;
  }

  #kick(): void {
    if (this.#flushing || this.#blocked) return;
    const run = this.#flush().finally(() => {
      if (this.#flushing !== run) return;
      this.#flushing = null;
      // An entry submitted while the loop was finishing would otherwise wait for the next resume.
      if (this.#entries.length > 0) this.#kick();
    });
    this.#flushing = run;
  }

  async #flush(): Promise<void> {
    for (;;) {
      const entry = this.#entries[0];
      if (!entry || this.#blocked) return;
      let result: unknown;
      try {
        result = await this.#options.send(entry);
      } catch (error) {
        if ((this.#options.transient ?? isTransient)(error, entry)) {
          this.#blocked = true;
          for (const waiting of this.#entries) waiting.waited = true;
          this.#emit();
          this.#options.onBlocked?.(error);
          return;
        }
        await this.#done(entry);
        const waiter = this.#waiters.get(entry.seq);
        this.#waiters.delete(entry.seq);
        if (waiter) waiter.reject(error);
        else this.#options.onOrphanError?.(entry, error);
        continue;
      }
      this.#rebase(entry, result);
      await this.#done(entry);
      const waiter = this.#waiters.get(entry.seq);
      this.#waiters.delete(entry.seq);
      waiter?.resolve(result);
    }
  }

  /** An update went through: later updates of that task made against the same version follow it. */
  #rebase(entry: OutboxEntry, result: unknown): void {
    const { write } = entry;
    if (write.kind !== "update" || write.base === null || !isVersioned(result)) return;
    // Only when nobody else wrote in between; otherwise their If-Match must still catch it.
    if (result.version !== write.base + 1) return;
    for (const later of this.#entries) {
      const next = later.write;
      if (later === entry || next.kind !== "update" || next.taskId !== write.taskId) continue;
      if (next.base !== write.base && next.ifMatch !== write.base) continue;
      later.write = {
        ...next,
        base: next.base === write.base ? result.version : next.base,
        ifMatch: next.ifMatch === write.base ? result.version : next.ifMatch,
      };
      void this.#options.storage.put(later).catch(() => {});
    }
  }

  async #done(entry: OutboxEntry): Promise<void> {
    this.#entries = this.#entries.filter((item) => item.seq !== entry.seq);
    this.#emit();
    await this.#options.storage.delete(entry.seq).catch(() => {});
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

function isVersioned(value: unknown): value is { version: number } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { version?: unknown }).version === "number"
  );
}

/** In memory: for tests, and where IndexedDB is unavailable. */
export function memoryStorage(
  initial: OutboxEntry[] = [],
): OutboxStorage & { rows: Map<number, OutboxEntry> } {
  const rows = new Map(initial.map((entry) => [entry.seq, structuredClone(entry)]));
  return {
    rows,
    all: async () => [...rows.values()].map((entry) => structuredClone(entry)),
    put: async (entry) => {
      rows.set(entry.seq, structuredClone(entry));
    },
    delete: async (seq) => {
      rows.delete(seq);
    },
  };
}
