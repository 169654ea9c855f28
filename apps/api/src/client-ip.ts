import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The address the request came from. With TRUST_PROXY, the last
 * X-Forwarded-For entry: the one our own proxy appended (entries left of it
 * are whatever the client claimed). Without it the header is ignored, so it
 * cannot be used to dodge a limit.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by @hono/node-server (an in-process call): no socket to ask.
    return "unknown";
  }
}
