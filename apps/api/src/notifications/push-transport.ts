// The one way the server POSTs to a push endpoint. The host name is resolved
// once, every address it resolves to is judged (address-policy.ts), and the
// connection goes to those same addresses through a `lookup` that answers
// from them: a second lookup could answer differently (DNS rebinding) and
// reach an address nobody checked. Plain node:http(s), which never follows a
// redirect and ignores proxy variables; a deadline over the whole exchange;
// only so much of the answer is read.
import type { LookupAddress } from "node:dns";
import { lookup as systemLookup } from "node:dns/promises";
import http, { type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkEndpoint, classifyAddress, type EndpointPolicy, isAllowedAddress } from "./address-policy";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to. Tests inject one for names like `evil.invalid`. */
export type Resolver = (hostName: string) => Promise<ResolvedAddress[]>;

export interface TransportPolicy extends EndpointPolicy {
  resolve?: Resolver | undefined;
  /** The whole exchange: lookup, connect, TLS, request and answer (default 5 s). */
  timeoutMs?: number | undefined;
  /** How much of an answer is read (default 16 KiB); a push service's answer is empty or a line of text. */
  maxResponseBytes?: number | undefined;
}

export interface PushRequest {
  endpoint: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | null;
}

export type PushOutcome =
  | { kind: "delivered"; status: number }
  /** 404 or 410: the subscription has expired or was withdrawn. */
  | { kind: "gone"; status: number }
  | { kind: "failed"; status?: number; reason: string }
  /** Not sent: the endpoint or an address it resolves to is not allowed. */
  | { kind: "refused"; reason: string };

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024;

export const systemResolver: Resolver = async (hostName) => {
  const found = await systemLookup(hostName, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/** A `lookup` that can only answer `hostName`, and only with the addresses already checked. */
function pinnedLookup(hostName: string, addresses: readonly ResolvedAddress[]): LookupFunction {
  return (name, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = addresses.filter((a) => wanted === 0 || a.family === wanted);
    const first = usable[0];
    if (name.replace(/\.$/, "") !== hostName || !first) {
      const error: NodeJS.ErrnoException = new Error(`no checked address for ${name}`);
      error.code = "ENOTFOUND";
      callback(error, "", 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((a): LookupAddress => ({ address: a.address, family: a.family })),
      );
    else callback(null, first.address, first.family);
  };
}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("timed out"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The addresses the request may go to, or why it may not go at all. */
async function checkedAddresses(
  policy: TransportPolicy,
  hostName: string,
  signal: AbortSignal,
): Promise<ResolvedAddress[] | string> {
  let found: ResolvedAddress[];
  try {
    found = await withDeadline((policy.resolve ?? systemResolver)(hostName), signal);
  } catch {
    return "its host name did not resolve";
  }
  if (found.length === 0) return "its host name did not resolve";
  const bad = found.find((entry) => !isAllowedAddress(entry.address, policy));
  // Every address, not the first: a connection may go to any of them.
  if (bad) return `its host name resolves to a ${classifyAddress(bad.address)} address`;
  return found;
}

function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString("utf8"));
    response.on("data", (chunk: Buffer) => {
      const room = maxBytes - size;
      if (room > 0) chunks.push(chunk.subarray(0, room));
      size += chunk.length;
      if (size >= maxBytes) {
        // Enough: the rest is not worth the memory or the wait.
        response.destroy();
        done();
      }
    });
    response.on("end", done);
    response.on("error", done);
    response.on("close", done);
  });
}

function post(
  url: URL,
  request: PushRequest,
  connect: { address: string | undefined; lookup: LookupFunction | undefined },
  signal: AbortSignal,
  maxResponseBytes: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      {
        protocol: url.protocol,
        // A literal is connected to as it is (no lookup happens); a name goes
        // through the pinned lookup and stays the TLS server name and Host.
        hostname: connect.address ?? url.hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: request.headers,
        lookup: connect.lookup,
        // A fresh connection each time: a pooled socket could be one made for another check.
        agent: false,
        signal,
      },
      (response) => {
        readCapped(response, maxResponseBytes).then((text) =>
          resolve({ status: response.statusCode ?? 0, text }),
        );
      },
    );
    req.on("error", reject);
    req.end(request.body ?? undefined);
  });
}

/** Short, one line, no control characters: a push service's answer goes into a log. */
const snippet = (text: string) =>
  text
    .replace(/\p{Cc}+/gu, " ")
    .trim()
    .slice(0, 200);

/** POSTs one push message if the endpoint and every address of its host are allowed. Never throws. */
export async function sendPushRequest(request: PushRequest, policy: TransportPolicy): Promise<PushOutcome> {
  // The endpoint was checked when it was subscribed; the rules may have changed since.
  const check = checkEndpoint(request.endpoint, policy);
  if (!check.ok) return { kind: "refused", reason: `the endpoint ${check.reason}` };
  const signal = AbortSignal.timeout(policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  let connect: { address: string | undefined; lookup: LookupFunction | undefined };
  let addresses: string[];
  if (check.address !== undefined) {
    connect = { address: check.address, lookup: undefined };
    addresses = [check.address];
  } else {
    const hostName = check.hostName ?? check.url.hostname;
    const found = await checkedAddresses(policy, hostName, signal);
    if (typeof found === "string") return { kind: "refused", reason: found };
    connect = { address: undefined, lookup: pinnedLookup(hostName, found) };
    addresses = found.map((entry) => entry.address);
  }
  // Plain http is for a test's local push service only: never to anything but loopback.
  if (check.url.protocol === "http:" && !addresses.every((a) => classifyAddress(a) === "loopback"))
    return { kind: "refused", reason: "plain http is allowed to loopback addresses only" };

  try {
    const { status, text } = await post(
      check.url,
      request,
      connect,
      signal,
      policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    );
    if (status >= 200 && status < 300) return { kind: "delivered", status };
    if (status === 404 || status === 410) return { kind: "gone", status };
    if (status >= 300 && status < 400)
      return { kind: "failed", status, reason: `answered a redirect (${status}), which is not followed` };
    return { kind: "failed", status, reason: `answered ${status}${text ? `: ${snippet(text)}` : ""}` };
  } catch (error) {
    if (signal.aborted) return { kind: "failed", reason: "timed out" };
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: "failed", reason: code ? `could not connect (${code})` : snippet(String(error)) };
  }
}
