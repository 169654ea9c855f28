// The only code in the API that reads a token. It is mounted on /api/* as a
// whole, so a route added later cannot ship unprotected.
import { createHash } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { type JWTVerifyGetKey, jwtVerify } from "jose";
import { ProblemError } from "../problem";
import { KeySourceUnavailable } from "./key-source";

export interface AuthUser {
  id: string;
  email?: string;
  name?: string;
}

/** `tokenExpiresAt`: the token's `exp`, in seconds (an event stream ends then). */
export type AuthVariables = { user: AuthUser; tokenExpiresAt: number };

export interface RequireUserOptions {
  issuer: string;
  /** The one `aud` this mount accepts: API_URL on /api/*, `${API_URL}/mcp` on /mcp (SPEC §11). */
  audience: string;
  /**
   * RFC 9728: where a client finds how to get a token for this resource; named
   * in every 401's WWW-Authenticate so an MCP client can start OAuth from it.
   */
  resourceMetadataUrl?: string;
  keys: JWTVerifyGetKey;
  /** How many verified tokens to remember (0 turns the cache off). */
  cacheSize?: number;
}

/**
 * Tokens that passed every check, keyed by a SHA-256 of their bytes (the
 * tokens themselves are not kept), until a few seconds before they expire.
 * An EdDSA verification costs a few hundred microseconds of CPU; a browser
 * sends the same token for up to 15 minutes. A token never seen before, or
 * one byte different, is always verified in full.
 */
class VerifiedTokens {
  readonly #entries = new Map<string, { user: AuthUser; exp: number; freshUntil: number }>();
  constructor(readonly maxEntries: number) {}

  static key(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }

  get(key: string, nowSeconds: number): { user: AuthUser; exp: number } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (nowSeconds < entry.freshUntil) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, user: AuthUser, exp: number): void {
    if (this.maxEntries <= 0) return;
    // Oldest first out: Map keeps insertion order.
    if (this.#entries.size >= this.maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { user, exp, freshUntil: exp - 5 });
  }
}

// RFC 6750 b64token after a case-insensitive scheme word and one space.
const bearer = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

export function requireUser(options: RequireUserOptions) {
  const challenge = options.resourceMetadataUrl
    ? `Bearer error="invalid_token", resource_metadata="${options.resourceMetadataUrl}"`
    : 'Bearer error="invalid_token"';
  const invalidToken = (detail: string) =>
    new ProblemError(401, detail, { headers: { "WWW-Authenticate": challenge } });
  // Per mount: a token verified for one audience is never a cache hit for the other.
  const verified = new VerifiedTokens(options.cacheSize ?? 10_000);
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw invalidToken("An Authorization: Bearer <token> header is required.");
    const token = bearer.exec(header)?.[1];
    if (!token) throw invalidToken("The Authorization header must be 'Bearer <token>'.");

    const key = VerifiedTokens.key(token);
    const known = verified.get(key, Date.now() / 1000);
    if (known) {
      c.set("user", known.user);
      c.set("tokenExpiresAt", known.exp);
      return next();
    }

    let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        algorithms: ["EdDSA"],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ["exp", "sub"],
      }));
    } catch (error) {
      if (error instanceof KeySourceUnavailable) throw new ProblemError(503, error.message);
      throw invalidToken("The access token is invalid or has expired.");
    }
    if (typeof payload.sub !== "string" || payload.sub.length === 0)
      throw invalidToken("The access token has no subject.");

    const user: AuthUser = { id: payload.sub };
    if (typeof payload.email === "string") user.email = payload.email;
    if (typeof payload.name === "string") user.name = payload.name;
    verified.set(key, user, payload.exp as number);
    c.set("user", user);
    c.set("tokenExpiresAt", payload.exp as number);
    await next();
  });
}
