import { isIPv4, isIPv6 } from "node:net";
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

/**
 * The unit a per-address limit counts: an IPv4 address, or the /64 network
 * of an IPv6 one. One IPv6 subscriber is usually given a whole /64, so
 * counting single addresses would hand them 2^64 fresh buckets.
 */
export function addressBucket(address: string): string {
  const plain = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(plain)) return plain;
  const [head = "", tail] = plain.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 address in the last 32 bits counts as two groups.
  const groups = right.length + left.length + (plain.includes(".") ? 1 : 0);
  const full = tail === undefined ? left : [...left, ...Array<string>(8 - groups).fill("0"), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
