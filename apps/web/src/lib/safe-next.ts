/**
 * The page to return to after signing in, taken from `?next=`. Only paths on
 * this site are accepted (no `//evil.example`, `/\evil.example`, schemes or
 * control characters), so the parameter cannot be used as an open redirect.
 */
export function safeNextPath(value: unknown, fallback = "/tasks"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith("//")) return fallback;
  try {
    const base = "http://localhost";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
