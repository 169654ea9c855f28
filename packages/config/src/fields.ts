// The field parsers both services build their settings from. Each takes the
// variable's text (never empty: `loadConfig` treats "" as unset, so an unset
// field gets its `.default()` or stays undefined) and refuses a bad value with
// one message that reads on after the variable's name: "API_PORT must be …".
// Values are never echoed back: some of them are secrets.
import { z } from "zod";
import { resolveDataDir } from "./data-dir";

/** A field read from text: `parse` returns undefined to refuse it with `message`. */
function field<T>(message: string, parse: (text: string) => T | undefined) {
  return z.string().transform((text, ctx): T => {
    const value = parse(text);
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return value;
  });
}

/** Decimal digits only: no sign, exponent, hex or fraction. */
function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

const withNote = (message: string, note: string | undefined) => (note ? `${message} (${note})` : message);

/**
 * An http:// or https:// URL. Issuer and audience are compared as strings, so
 * the trailing slash people tend to add is dropped unless `keepTrailingSlash`
 * (for a URL that names a resource rather than an origin).
 */
export function httpUrl({ keepTrailingSlash = false }: { keepTrailingSlash?: boolean } = {}) {
  return field("must be an http:// or https:// URL", (text) => {
    if (!/^https?:\/\//i.test(text) || !URL.canParse(text)) return undefined;
    return keepTrailingSlash ? text : text.replace(/\/+$/, "");
  });
}

/** A TCP port; `min: 1` where 0 (any free port) makes no sense. */
export function port({ min = 0 }: { min?: 0 | 1 } = {}) {
  return field(`must be a port number (${min}-65535)`, (text) => wholeNumberIn(text, min, 65_535));
}

/** true, false, 1 or 0. */
export function flag() {
  return field("must be true or false (or 1 or 0)", (text) => {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    return undefined;
  });
}

/** A whole number from `min` (default 0) to `max` (default: no limit). */
export function wholeNumber({ min = 0, max, note }: { min?: number; max?: number; note?: string } = {}) {
  const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
  return field(withNote(`must be a whole number ${range}`, note), (text) =>
    wholeNumberIn(text, min, max ?? Number.MAX_SAFE_INTEGER),
  );
}

/** A whole number of milliseconds, at most one hour unless `max` says otherwise. */
export function milliseconds({
  min = 0,
  max = 3_600_000,
  note,
}: {
  min?: number;
  max?: number;
  note?: string;
} = {}) {
  return field(withNote(`must be a whole number of milliseconds from ${min} to ${max}`, note), (text) =>
    wholeNumberIn(text, min, max),
  );
}

/** A positive duration as a number and a unit: 90s, 15m, 1h, 7d, 2w. Kept as text. */
export function duration() {
  return field("must be a positive duration such as 90s, 15m, 1h or 7d", (text) =>
    /^[1-9]\d*[smhdw]$/.test(text) ? text : undefined,
  );
}

/** A PostgreSQL connection string. */
export function postgresUrl() {
  return field("must be a postgres:// or postgresql:// URL", (text) =>
    /^postgres(ql)?:\/\//.test(text) ? text : undefined,
  );
}

/** A secret of at least `minLength` characters. */
export function secret({ minLength = 32 }: { minLength?: number } = {}) {
  return field(`must be at least ${minLength} characters`, (text) =>
    text.length >= minLength ? text : undefined,
  );
}

/**
 * A URL with one of `schemes` (`smtp`, `smtps`, `https`, `mailto`…). Kept as
 * written: it may carry a password, and it is never echoed back.
 */
export function urlOf(schemes: readonly [string, ...string[]]) {
  const names = schemes.map((scheme) => (scheme === "mailto" ? "mailto:" : `${scheme}://`));
  return field(`must be a ${names.join(" or ")} URL`, (text) => {
    if (!URL.canParse(text)) return undefined;
    const url = new URL(text);
    if (!schemes.includes(url.protocol.slice(0, -1))) return undefined;
    // mailto: has a path and no host; everything else here names a host.
    if (url.protocol === "mailto:" ? !url.pathname.includes("@") : !url.hostname) return undefined;
    return text;
  });
}

/** Exactly `bytes` bytes as base64url (padding optional): a key. Kept as written. */
export function base64UrlBytes({ bytes }: { bytes: number }) {
  return field(`must be ${bytes} bytes as base64url`, (text) => {
    if (!/^[A-Za-z0-9_-]+=*$/.test(text)) return undefined;
    return Buffer.from(text, "base64url").length === bytes ? text : undefined;
  });
}

/** An email address, optionally with a display name: `Todo <todo@example.com>`. One line. */
export function mailbox() {
  return field("must be an email address such as todo@example.com or Todo <todo@example.com>", (text) => {
    // No control characters: the value becomes a mail header.
    if (/\p{Cc}/u.test(text)) return undefined;
    const address = /<([^<>]+)>$/.exec(text)?.[1] ?? text;
    return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? text : undefined;
  });
}

export type JsonWebKeySet = { keys: Record<string, unknown>[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A JSON Web Key Set as JSON: an object whose `keys` is a non-empty array of objects. */
export function jsonWebKeySet() {
  return field('must be a JSON Web Key Set: {"keys": [...]}', (text): JsonWebKeySet | undefined => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isObject(value)) return undefined;
    const keys = value.keys;
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every(isObject)) return undefined;
    return value as JsonWebKeySet;
  });
}

export const DEFAULT_DATA_DIR = "./.data";

/**
 * DATA_DIR as an absolute path (see `resolveDataDir`): `./.data` when unset,
 * relative to the monorepo root. The default is built in, so both services
 * find the same folder the same way. `cwd` is read at parse time when omitted.
 */
export function dataDir(cwd?: string) {
  return z
    .string()
    .optional()
    .transform((text) => resolveDataDir(text || DEFAULT_DATA_DIR, cwd ?? process.cwd()));
}
