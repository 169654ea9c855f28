const BASE = "http://localhost";

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
const controlOrBackslash = /[\u0000-\u001f\u007f\\]/;

/**
 * The page to return to after signing in, taken from `?next=`. Only paths on
 * this site are accepted, so the parameter cannot be used as an open redirect.
 * The input is checked, and so is the output: normalising `/.//evil.example`
 * or `/%2e//evil.example` yields `//evil.example`, which a browser reads as
 * another host.
 */
export function safeNextPath(value: unknown, fallback = "/tasks"): string {
  if (typeof value !== "string" || !value.startsWith("/") || controlOrBackslash.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === BASE && isPathOnThisSite(path) ? path : fallback;
}

/** A path a browser resolves against this origin, whether as a Location header or in `location.assign()`. */
function isPathOnThisSite(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  if (controlOrBackslash.test(path)) return false;
  try {
    return new URL(path, BASE).origin === BASE;
  } catch {
    return false;
  }
}
