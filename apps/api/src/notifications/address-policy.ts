// Which push endpoints the server may POST to (SPEC §9, issue 13 item 5).
// Users supply these URLs, so each one is a request the server makes on their
// behalf: only `https` to public addresses, or the server becomes a proxy into
// its own network (cloud metadata at 169.254.169.254, databases on 10.x, admin
// ports on loopback). Two checks use this module: the endpoint as written, when
// it is subscribed and again before each send; and every address its host name
// resolves to, just before connecting to exactly those addresses.
import { isIPv4, isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "multicast"
  | "unspecified"
  | "reserved"
  | "invalid";

export interface EndpointPolicy {
  /** PUSH_ALLOW_LOOPBACK (tests only): loopback hosts, over plain http too. Nothing else is relaxed. */
  allowLoopback: boolean;
}

// Everything routable on the Internet is in 2000::/3 today; the rest of the
// IPv6 space that ipaddr.js calls "unicast" (e.g. the deprecated IPv4-compatible
// ::a.b.c.d) is unassigned or special, and refused as reserved.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
// NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052):
// on a DNS64 network a public host resolves to one, so it is judged by that IPv4.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");

function classifyV4(address: ipaddr.IPv4): AddressClass {
  switch (address.range()) {
    case "unicast":
      return "public";
    case "loopback":
      return "loopback";
    case "private":
    case "carrierGradeNat":
      return "private";
    case "linkLocal":
      return "link-local";
    case "multicast":
      return "multicast";
    case "unspecified":
      return "unspecified";
    default:
      // broadcast, documentation, benchmarking, 6to4 relays, 240/4 …
      return "reserved";
  }
}

function classifyV6(address: ipaddr.IPv6): AddressClass {
  // ::ffff:127.0.0.1 reaches 127.0.0.1: judge the IPv4 inside, in every spelling.
  if (address.isIPv4MappedAddress()) return classifyV4(address.toIPv4Address());
  if (address.match(NAT64_WELL_KNOWN)) {
    const parts = address.parts;
    const high = parts[6] ?? 0;
    const low = parts[7] ?? 0;
    return classifyV4(new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]));
  }
  switch (address.range()) {
    case "loopback":
      return "loopback";
    case "uniqueLocal":
      return "private";
    case "linkLocal":
      return "link-local";
    case "multicast":
      return "multicast";
    case "unspecified":
      return "unspecified";
    case "unicast":
      return address.match(GLOBAL_UNICAST_V6) ? "public" : "reserved";
    default:
      // Teredo and 6to4 tunnel to IPv4 addresses we would have to judge too; documentation, discard …
      return "reserved";
  }
}

/**
 * What kind of address this is. Takes what a resolver returns or what the URL
 * parser left of a literal host (canonical text; an IPv6 zone is allowed).
 * Anything else, including the odd IPv4 spellings the URL parser normalises
 * before we see them, is "invalid" rather than guessed at.
 */
export function classifyAddress(text: string): AddressClass {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return classifyV4(ipaddr.IPv4.parse(bare));
  // The zone only picks an interface; what the address is does not depend on it.
  const unzoned = bare.replace(/%[^%]*$/, "");
  if (!isIPv6(unzoned)) return "invalid";
  // Node's own parser first: ipaddr.js reads "::8.8.8.8" as ::ffff:8.8.8.8, which
  // is not the address a socket would connect to (::808:808).
  return classifyV6(ipaddr.IPv6.parse(new URL(`http://[${unzoned}]`).hostname.slice(1, -1)));
}

/** Whether the server may connect to this address under the policy. */
export function isAllowedAddress(text: string, policy: EndpointPolicy): boolean {
  const kind = classifyAddress(text);
  return kind === "public" || (kind === "loopback" && policy.allowLoopback);
}

export type EndpointCheck =
  | {
      ok: true;
      /** The endpoint as it will be stored and called: normalised, without a fragment. */
      url: URL;
      /** The host to resolve, without brackets or a trailing dot; undefined for a literal address. */
      hostName: string | undefined;
      /** The literal address, when the host is one. */
      address: string | undefined;
    }
  | { ok: false; reason: string };

const refuse = (reason: string): EndpointCheck => ({ ok: false, reason });

/** `localhost` and every name under it are loopback by definition (RFC 6761), whatever DNS says. */
const isLocalhostName = (name: string) => name === "localhost" || name.endsWith(".localhost");

/**
 * The endpoint as written: scheme, credentials, and a literal address in any
 * spelling (WHATWG URL parsing turns `2130706433`, `0177.0.0.1`, `0x7f.1` and
 * `127.1` into `127.0.0.1`, and `[0:0:0:0:0:0:0:1]` into `[::1]`, before the
 * address is judged). A host name passes here and is judged by what it
 * resolves to when a push is sent.
 */
export function checkEndpoint(text: string, policy: EndpointPolicy): EndpointCheck {
  if (!URL.canParse(text)) return refuse("must be an absolute https URL");
  const url = new URL(text);
  url.hash = "";
  const plainHttp = url.protocol === "http:";
  if (url.protocol !== "https:" && !(plainHttp && policy.allowLoopback))
    return refuse("must be an https URL");
  if (url.username || url.password) return refuse("must not carry a user name or password");
  if (!url.hostname) return refuse("must name a host");

  if (url.hostname.startsWith("[") || isIPv4(url.hostname)) {
    const address = url.hostname.replace(/^\[|\]$/g, "");
    const kind = classifyAddress(address);
    if (kind === "loopback" && policy.allowLoopback) return { ok: true, url, hostName: undefined, address };
    if (kind !== "public") return refuse(`must not be a ${kind} address`);
    if (plainHttp) return refuse("must be an https URL");
    return { ok: true, url, hostName: undefined, address };
  }

  const hostName = url.hostname.replace(/\.$/, "");
  if (isLocalhostName(hostName)) {
    if (!policy.allowLoopback) return refuse("must not be a loopback host");
    return { ok: true, url, hostName, address: undefined };
  }
  // A single label is looked up through the server's search domains: an
  // intranet name, never a push service's.
  if (!hostName.includes(".")) return refuse("must be a fully qualified host name");
  return { ok: true, url, hostName, address: undefined };
}
