// The only code in the API that reads a token. It is mounted on /api/* as a
// whole, so a route added later cannot ship unprotected.
import { createMiddleware } from "hono/factory";
import { type JWTVerifyGetKey, jwtVerify } from "jose";
import { ProblemError } from "../problem";
import { KeySourceUnavailable } from "./key-source";

export interface AuthUser {
  id: string;
  email?: string;
  name?: string;
}

export type AuthVariables = { user: AuthUser };

export interface RequireUserOptions {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
}

// RFC 6750 b64token after a case-insensitive scheme word and one space.
const bearer = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

const invalidToken = (detail: string) =>
  new ProblemError(401, detail, { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });

export function requireUser(options: RequireUserOptions) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw invalidToken("An Authorization: Bearer <token> header is required.");
    const token = bearer.exec(header)?.[1];
    if (!token) throw invalidToken("The Authorization header must be 'Bearer <token>'.");

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
    c.set("user", user);
    await next();
  });
}
