// The SSE parser (src/lib/sse-parser.ts) and the reading of its messages into
// live events (src/lib/live-events.ts): chunks split anywhere, every line
// ending, comments, ids that carry over, and what the API sends.
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/lib/api-client";
import { createLiveConnection, type LiveEvent, toLiveEvent } from "../src/lib/live-events";
import { SseParser } from "../src/lib/sse-parser";
import { aTask } from "./task-fixture";

const stream =
  ': keep-alive\n\nid: 7\nevent: task\ndata: {"op":"delete","id":"a"}\n\n' +
  "event: reset\ndata: {}\nid: 9\n\n" +
  "data: line one\ndata: line two\n\n";

describe("SseParser", () => {
  it("reads events, skipping comments, with their ids", () => {
    const parser = new SseParser();
    expect(parser.push(stream)).toEqual([
      { event: "task", data: '{"op":"delete","id":"a"}', id: "7" },
      { event: "reset", data: "{}", id: "9" },
      // No id on this block: the last one carries over; no event name: "message".
      { event: "message", data: "line one\nline two", id: "9" },
    ]);
    expect(parser.lastEventId).toBe("9");
  });

  it("gives the same events however the text is split", () => {
    const whole = new SseParser().push(stream);
    for (let size = 1; size <= 7; size += 1) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      expect(events).toEqual(whole);
    }
  });

  it("accepts CRLF and CR line ends, also split between \\r and \\n", () => {
    const crlf = stream.replace(/\n/g, "\r\n");
    const parser = new SseParser();
    const events = [...parser.push(crlf.slice(0, 40)), ...parser.push(crlf.slice(40))];
    expect(events).toEqual(new SseParser().push(stream));
    const split = new SseParser();
    expect([...split.push("data: x\r"), ...split.push("\n\r\n")]).toEqual([
      { event: "message", data: "x", id: null },
    ]);
    expect(new SseParser().push("data: y\r\r")).toEqual([{ event: "message", data: "y", id: null }]);
  });

  it("keeps an unfinished event until its blank line, and starts from a given id", () => {
    const parser = new SseParser("41");
    expect(parser.push('event: task\ndata: {"op"')).toEqual([]);
    expect(parser.lastEventId).toBe("41");
    expect(parser.push(':"delete","id":"b"}\n\n')).toEqual([
      { event: "task", data: '{"op":"delete","id":"b"}', id: "41" },
    ]);
  });

  it("moves the id on for a block without data, and dispatches nothing for it", () => {
    const parser = new SseParser();
    expect(parser.push("id: 12\n\n")).toEqual([]);
    expect(parser.lastEventId).toBe("12");
  });

  it("reads retry and ignores unknown fields and a single leading space only", () => {
    const parser = new SseParser();
    expect(parser.push("retry: 1500\nfoo: bar\ndata:  two spaces\n\n")).toEqual([
      { event: "message", data: " two spaces", id: null },
    ]);
    expect(parser.retryMs).toBe(1500);
  });
});

describe("toLiveEvent", () => {
  const message = (event: string, data: unknown) => ({ event, data: JSON.stringify(data), id: "1" });

  it("reads every kind the API sends", () => {
    const task = aTask({ id: "t1" });
    expect(toLiveEvent(message("task", { op: "upsert", task }))).toEqual({
      kind: "task",
      op: "upsert",
      task,
    });
    expect(toLiveEvent(message("task", { op: "delete", id: "t1" }))).toEqual({
      kind: "task",
      op: "delete",
      id: "t1",
    });
    expect(toLiveEvent(message("list", { op: "delete", id: "l1" }))).toEqual({
      kind: "list",
      op: "delete",
      id: "l1",
    });
    expect(toLiveEvent(message("list", { op: "upsert", list: { id: "l1", name: "Work" } }))).toMatchObject({
      kind: "list",
      op: "upsert",
      list: { id: "l1" },
    });
    expect(
      toLiveEvent(
        message("reminder", { taskId: "t1", title: "Call", dueAt: null, remindAt: "2030-01-01T09:00:00Z" }),
      ),
    ).toEqual({
      kind: "reminder",
      reminder: { taskId: "t1", title: "Call", dueAt: null, remindAt: "2030-01-01T09:00:00Z" },
    });
    expect(toLiveEvent({ event: "reset", data: "{}", id: "2" })).toEqual({ kind: "reset" });
  });

  it("drops what it does not understand", () => {
    expect(toLiveEvent({ event: "task", data: "not json", id: "1" })).toBeNull();
    expect(toLiveEvent(message("task", { op: "upsert" }))).toBeNull();
    expect(toLiveEvent(message("mystery", { op: "upsert" }))).toBeNull();
    expect(toLiveEvent(message("reminder", { title: 3 }))).toBeNull();
  });
});

describe("createLiveConnection", () => {
  /** A response whose body is `text`, ending `afterMs` later (as at token expiry). */
  const ended = (text: string, afterMs = 6_000) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          setTimeout(() => controller.close(), afterMs);
        },
      }),
    );

  it("reconnects at once after the stream ends, from the last id, and with backoff after a failure", async () => {
    vi.useFakeTimers();
    // The longest jitter, so the steps below land between the tries.
    const random = vi.spyOn(Math, "random").mockReturnValue(0.99);
    try {
      const paths: string[] = [];
      const answers: (() => Promise<Response>)[] = [
        async () => ended('id: 5\nevent: task\ndata: {"op":"delete","id":"a"}\n\n'),
        async () => {
          throw new ApiError({ status: 0, title: "Cannot reach the server" });
        },
        async () => ended("id: 6\nevent: reset\ndata: {}\n\n"),
        // Ends at once: not a token expiry, so the next try waits.
        async () => ended("", 0),
        () => new Promise<Response>(() => {}),
      ];
      const events: LiveEvent[] = [];
      const connection = createLiveConnection({
        onEvent: (event) => events.push(event),
        open: (path) => {
          paths.push(path);
          const next = answers.shift();
          if (!next) throw new Error("too many connects");
          return next();
        },
      });
      connection.start();
      await vi.advanceTimersByTimeAsync(5_900);
      expect(paths).toEqual(["/api/events"]);
      await vi.advanceTimersByTimeAsync(110);
      expect(paths).toEqual(["/api/events", "/api/events?since=5"]);
      // The failure waits out a backoff (0.5–1 s at first) before trying again.
      await vi.advanceTimersByTimeAsync(1_000);
      expect(paths).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(6_010);
      expect(paths).toEqual([
        "/api/events",
        "/api/events?since=5",
        "/api/events?since=5",
        "/api/events?since=6",
      ]);
      await vi.advanceTimersByTimeAsync(100);
      expect(paths).toHaveLength(4);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(paths).toHaveLength(5);
      expect(events).toEqual([{ kind: "task", op: "delete", id: "a" }, { kind: "reset" }]);
      connection.stop();
    } finally {
      random.mockRestore();
      vi.useRealTimers();
    }
  });

  it("stops for good when the session has ended", async () => {
    const ended = vi.fn();
    let connects = 0;
    const connection = createLiveConnection({
      onEvent: () => {},
      onSessionEnded: ended,
      open: async () => {
        connects += 1;
        throw new ApiError({ status: 401, title: "Your session has ended", sessionExpired: true });
      },
    });
    connection.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connects).toBe(1);
    expect(ended).toHaveBeenCalledOnce();
    expect(connection.status).toBe("stopped");
  });
});
