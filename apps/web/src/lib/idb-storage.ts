// The outbox's storage in IndexedDB: one database per user (so one person's
// unsent changes are never sent with another's token on a shared browser),
// one object store keyed by the entry's sequence. A dozen lines of the raw
// API do what the outbox needs; a library would add more than it saves.
import type { OutboxEntry, OutboxStorage } from "./offline-queue";

const STORE = "outbox";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: "seq" });
  };
  return request(req);
}

export function outboxDatabaseName(userId: string): string {
  return `todo-outbox:${userId}`;
}

export function idbStorage(userId: string): OutboxStorage {
  let db: Promise<IDBDatabase> | null = null;
  const store = async (mode: IDBTransactionMode) => {
    db ??= open(outboxDatabaseName(userId));
    return (await db).transaction(STORE, mode).objectStore(STORE);
  };
  return {
    async all() {
      return request((await store("readonly")).getAll() as IDBRequest<OutboxEntry[]>);
    },
    async put(entry) {
      await request((await store("readwrite")).put(entry));
    },
    async delete(seq) {
      await request((await store("readwrite")).delete(seq));
    },
  };
}
