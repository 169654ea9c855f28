// Stopping without dropping anyone: refuse new connections, let every request
// already received finish and be answered, and only then let the caller close
// the database. Keep-alive connections are what make this subtle: Node's
// server.close() waits for them, and a client may send one more request on
// an idle one, so each response from now on says `Connection: close` and each
// connection is shut as soon as it is idle.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface DrainResult {
  /** Requests still unanswered when the grace period ran out (their connections were cut). */
  abandoned: number;
}

/**
 * Call right after creating the server: it keeps the requests in flight, and
 * returns the function that drains the server.
 */
export function trackRequests(server: Server): (graceMs: number) => Promise<DrainResult> {
  const pending = new Set<ServerResponse>();
  let draining = false;

  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    pending.add(response);
    if (draining) response.setHeader("Connection", "close");
    const finished = () => {
      if (!pending.delete(response)) return;
      // The connection this response used is idle now, unless the client
      // already pipelined another request on it.
      if (draining) setImmediate(() => server.closeIdleConnections());
    };
    response.on("finish", finished);
    response.on("close", finished);
  });

  return (graceMs) =>
    new Promise<DrainResult>((resolve) => {
      draining = true;
      // Responses still being prepared close their connection once sent.
      for (const response of pending) if (!response.headersSent) response.setHeader("Connection", "close");
      const timer = setTimeout(() => {
        const abandoned = pending.size;
        server.closeAllConnections();
        resolve({ abandoned });
      }, graceMs);
      server.close(() => {
        clearTimeout(timer);
        resolve({ abandoned: 0 });
      });
      server.closeIdleConnections();
    });
}
