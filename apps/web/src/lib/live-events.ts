// One live connection per tab to GET /api/events (SPEC §9), read through
// fetch so the Bearer token comes from the one API client (a fresh one at
// each connect). The stream ends by design when the token expires, and by
// accident on network loss or sleep; either way it is opened again with
// the last event id, so the server replays what was missed (or says `reset`).
//
// - Backoff: 1 s, 2 s, 4 s … 30 s with jitter after a failure; straight
//   away after a clean end (token expiry) or when the browser says it is
//   online again.
// - A watchdog: the server sends a comment at least every 25 s, so 45 s of
//   silence means a dead connection (a laptop that slept, a NAT that forgot
//   us), which fetch alone would not notice for minutes.
import { ApiError, apiResponse } from "./api-client";
import { type SseEvent, SseParser } from "./sse-parser";
import type { List, Task } from "./task-types";

export interface ReminderEvent {
  taskId: string;
  title: string;
  dueAt: string | null;
  remindAt: string;
}

export type LiveEvent =
  | { kind: "task"; op: "upsert"; task: Task }
  | { kind: "task"; op: "delete"; id: string }
  | { kind: "list"; op: "upsert"; list: List }
  | { kind: "list"; op: "delete"; id: string }
  | { kind: "reminder"; reminder: ReminderEvent }
  | { kind: "reset" };

export type LiveStatus = "connecting" | "open" | "offline" | "stopped";

const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const SILENCE_MS = 45_000;
/** A stream that ends sooner than this after opening is treated as a failure (no tight reconnect loop). */
const SHORTEST_STREAM_MS = 5_000;

export interface LiveOptions {
  onEvent: (event: LiveEvent) => void;
  onStatus?: (status: LiveStatus) => void;
  /** The session is gone: reconnecting is pointless until the user signs in. */
  onSessionEnded?: (error: ApiError) => void;
  /** Opens the stream; apiResponse in the app, a fake in tests. */
  open?: (path: string, init: RequestInit) => Promise<Response>;
}

/** Reads one SSE message into a typed event; null for kinds this page does not know. */
export function toLiveEvent(message: SseEvent): LiveEvent | null {
  if (message.event === "reset") return { kind: "reset" };
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  if (message.event === "reminder") {
    if (typeof data.taskId !== "string" || typeof data.title !== "string") return null;
    return {
      kind: "reminder",
      reminder: {
        taskId: data.taskId,
        title: data.title,
        dueAt: typeof data.dueAt === "string" ? data.dueAt : null,
        remindAt: typeof data.remindAt === "string" ? data.remindAt : new Date().toISOString(),
      },
    };
  }
  if (message.event !== "task" && message.event !== "list") return null;
  if (data.op === "delete" && typeof data.id === "string")
    return { kind: message.event, op: "delete", id: data.id };
  if (data.op !== "upsert") return null;
  // The API's own schema shaped these; the page trusts its API as it does for any answer.
  if (message.event === "task" && isRecord(data.task) && typeof data.task.id === "string")
    return { kind: "task", op: "upsert", task: data.task as unknown as Task };
  if (message.event === "list" && isRecord(data.list) && typeof data.list.id === "string")
    return { kind: "list", op: "upsert", list: data.list as unknown as List };
  return null;
}

export function createLiveConnection(options: LiveOptions) {
  const open =
    options.open ?? ((path: string, init: RequestInit) => apiResponse(path, { ...init, ownToken: true }));
  let lastEventId: string | null = null;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let stopped = false;
  let status: LiveStatus = "connecting";

  function setStatus(next: LiveStatus) {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delayMs);
  }

  function backoff(): number {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(failures, 5));
    failures += 1;
    // Jitter, so the tabs of a whole office do not come back in lockstep after an outage.
    return base / 2 + Math.random() * (base / 2);
  }

  async function connect() {
    if (stopped) return;
    controller?.abort();
    const current = new AbortController();
    controller = current;
    setStatus(typeof navigator !== "undefined" && navigator.onLine === false ? "offline" : "connecting");
    let silence: ReturnType<typeof setTimeout> | null = null;
    const quiet = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => current.abort(), SILENCE_MS);
    };
    let clean = false;
    let openedAt = 0;
    try {
      // Where to resume, as `?since=` (the API reads it like Last-Event-ID):
      // the API's CORS policy does not list Last-Event-ID among the request
      // headers a page of another origin may send, and `since` needs no preflight entry.
      const path = lastEventId ? `/api/events?since=${encodeURIComponent(lastEventId)}` : "/api/events";
      quiet();
      const response = await open(path, {
        headers: { Accept: "text/event-stream" },
        signal: current.signal,
        cache: "no-store",
      });
      const body = response.body;
      if (!body) throw new Error("The event stream has no body");
      setStatus("open");
      openedAt = Date.now();
      const parser = new SseParser(lastEventId);
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        quiet();
        for (const message of parser.push(value)) {
          lastEventId = parser.lastEventId;
          const event = toLiveEvent(message);
          if (event) options.onEvent(event);
        }
        // An id on a block with no data still moves the position on.
        lastEventId = parser.lastEventId;
      }
      clean = true;
    } catch (error) {
      if (error instanceof ApiError && error.sessionExpired) {
        stopped = true;
        setStatus("stopped");
        options.onSessionEnded?.(error);
        return;
      }
    } finally {
      if (silence) clearTimeout(silence);
    }
    if (stopped || controller !== current) return;
    // A clean end is the token expiring: a fresh token, straight away. One
    // that ends at once again and again (a proxy, a broken clock) backs off.
    if (clean && Date.now() - openedAt >= SHORTEST_STREAM_MS) {
      failures = 0;
      schedule(0);
    } else {
      setStatus(typeof navigator !== "undefined" && navigator.onLine === false ? "offline" : "connecting");
      schedule(backoff());
    }
  }

  const online = () => {
    failures = 0;
    schedule(0);
  };
  const offline = () => {
    // The socket may linger for a while after the network went: stop waiting on it.
    controller?.abort();
    setStatus("offline");
  };
  const visible = () => {
    // Back from the background (or sleep): reconnect now if the stream was waiting out a backoff.
    if (document.visibilityState === "visible" && retryTimer) online();
  };

  return {
    start() {
      stopped = false;
      if (typeof window !== "undefined") {
        window.addEventListener("online", online);
        window.addEventListener("offline", offline);
        document.addEventListener("visibilitychange", visible);
      }
      void connect();
    },
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      controller?.abort();
      controller = null;
      setStatus("stopped");
      if (typeof window !== "undefined") {
        window.removeEventListener("online", online);
        window.removeEventListener("offline", offline);
        document.removeEventListener("visibilitychange", visible);
      }
    },
    get status() {
      return status;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
