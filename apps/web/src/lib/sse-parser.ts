// An incremental parser for the text/event-stream format (the WHATWG HTML
// "event stream interpretation"), for GET /api/events read through fetch:
// EventSource cannot send an Authorization header, so the page reads the
// body itself and feeds it here chunk by chunk. Chunks split anywhere — in
// the middle of a line, or between the \r and \n of a CRLF — so the parser
// keeps the unfinished line and the event being built between calls.

export interface SseEvent {
  /** The `event:` field; "message" when absent, as the standard says. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen on this stream so far (ids carry over to later events). */
  id: string | null;
}

export class SseParser {
  #buffer = "";
  /** A chunk ended with "\r": a "\n" starting the next chunk belongs to that line end. */
  #pendingCr = false;
  #event = "";
  #data: string[] = [];
  #hasData = false;
  #lastId: string | null = null;
  /** The last `retry:` the server asked for, in ms. */
  retryMs: number | null = null;

  constructor(lastId: string | null = null) {
    this.#lastId = lastId;
  }

  /** The id to send back as Last-Event-ID when reconnecting. */
  get lastEventId(): string | null {
    return this.#lastId;
  }

  /** Feeds decoded text; returns the events it completed, in order. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.#pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i += 1) {
      const char = this.#buffer[i];
      if (char !== "\n" && char !== "\r") continue;
      const line = this.#buffer.slice(start, i);
      if (char === "\r") {
        if (i + 1 === this.#buffer.length) this.#pendingCr = true;
        else if (this.#buffer[i + 1] === "\n") i += 1;
      }
      start = i + 1;
      const event = this.#line(line);
      if (event) events.push(event);
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  #line(line: string): SseEvent | null {
    if (line === "") return this.#dispatch();
    if (line.startsWith(":")) return null; // a comment: the server's keep-alive
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.#event = value;
        break;
      case "data":
        this.#data.push(value);
        this.#hasData = true;
        break;
      case "id":
        // The standard ignores an id containing NUL.
        if (!value.includes("\u0000")) this.#lastId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }

  #dispatch(): SseEvent | null {
    const event = this.#event || "message";
    const data = this.#data.join("\n");
    const hadData = this.#hasData;
    this.#event = "";
    this.#data = [];
    this.#hasData = false;
    // A block without data dispatches nothing (its id still counts).
    if (!hadData) return null;
    return { event, data, id: this.#lastId };
  }
}
