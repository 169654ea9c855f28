// A cap on request bodies for the production server (server.ts), applied
// before Next.js sees the request: Next buffers up to 10 MB of a body for the
// proxy (src/proxy.ts) before any route runs, and Better Auth then parses all
// of it. The only endpoints here that read a body are Better Auth's, and its
// largest legitimate one (sign-up) is well under 1 KiB.
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 16 * 1024;

/**
 * True when the request may go on. A body must declare its length (browsers'
 * fetch always does), and Node's parser then never delivers more than that:
 * checking the header is enough, with no need to count bytes as they come.
 * Otherwise answers 411 (chunked, length unknown) or 413 (too large) and
 * closes the connection without reading the body.
 */
export function bodyFits(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes = MAX_BODY_BYTES,
): boolean {
  if (request.headers["transfer-encoding"] !== undefined) {
    refuse(request, response, 411, "LENGTH_REQUIRED", "Send the request body with a Content-Length.");
    return false;
  }
  if (Number(request.headers["content-length"] ?? 0) > maxBytes) {
    refuse(request, response, 413, "BODY_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
    return false;
  }
  return true;
}

function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
) {
  const body = JSON.stringify({ code, message });
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  // Closing once the answer is out stops the rest of the body from being read at all.
  response.end(body, () => request.socket.destroy());
}
