// A real Better Auth instance (the web app's own configuration) served over
// real HTTP on a throwaway database: tokens in the tests come from its real
// sign-up, sign-in and /token endpoints.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { oauthProviderAuthServerMetadata } from "@better-auth/oauth-provider";
import { createDb } from "@todo/db";
import { createAuth } from "@todo/web/auth-factory";
import { sql } from "drizzle-orm";
import { listen } from "./http";

export interface TestUser {
  id: string;
  email: string;
  name: string;
  cookie: string;
  token: string;
}

export async function startAuthServer(options: { apiURL: string; jwtExpiresIn?: string }) {
  const handle = createDb({ dataDir: null, service: "web" });
  await handle.migrate("auth");
  let auth: ReturnType<typeof createAuth> | undefined;
  const server = await listen((request) => {
    if (!auth) throw new Error("auth server not ready");
    // RFC 8414 metadata at the issuer's root, as the web app serves it.
    if (new URL(request.url).pathname === "/.well-known/oauth-authorization-server")
      return oauthProviderAuthServerMetadata(auth)(request);
    return auth.handler(request);
  });
  auth = createAuth({
    db: handle.db,
    secret: randomBytes(32).toString("hex"),
    baseURL: server.url,
    apiURL: options.apiURL,
    jwtExpiresIn: options.jwtExpiresIn ?? "15m",
    authRateLimit: 0,
  });
  const issuer = server.url;
  const ready = auth;

  async function signUp(name = "Test User"): Promise<TestUser> {
    const email = `user-${randomUUID()}@example.test`;
    const response = await fetch(`${issuer}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: issuer },
      body: JSON.stringify({ name, email, password: "correct horse battery staple" }),
    });
    if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    const { user } = (await response.json()) as { user: { id: string } };
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { id: user.id, email, name, cookie, token: await tokenFor(cookie) };
  }

  async function tokenFor(cookie: string): Promise<string> {
    const response = await fetch(`${issuer}/api/auth/token`, { headers: { cookie } });
    if (!response.ok) throw new Error(`token failed: ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  /**
   * The MCP authorization flow as a client runs it, over HTTP against the real
   * OAuth provider: dynamic registration, an authorization request with PKCE
   * S256 and the resource, the user's consent (what the Allow button posts),
   * and the code exchanged for tokens.
   */
  async function mcpGrant(user: TestUser, resource: string, clientName = "Test Agent"): Promise<McpGrant> {
    const redirectUri = "http://127.0.0.1:9/callback";
    const registered = await fetch(`${issuer}/api/auth/oauth2/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: clientName,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        application_type: "native",
      }),
    });
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status}`);
    const clientId = ((await registered.json()) as { client_id: string }).client_id;
    const verifier = randomBytes(32).toString("base64url");
    const query = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state: randomUUID(),
      scope: "tasks offline_access",
      resource,
    });
    const consentPage = await followOnce(
      await fetch(`${issuer}/api/auth/oauth2/authorize?${query}`, {
        headers: { cookie: user.cookie },
        redirect: "manual",
      }),
    );
    const consented = await fetch(`${issuer}/api/auth/oauth2/consent`, {
      method: "POST",
      headers: { cookie: user.cookie, "content-type": "application/json", origin: issuer },
      body: JSON.stringify({ accept: true, oauth_query: new URL(consentPage, issuer).search.slice(1) }),
    });
    const callback = new URL(await followOnce(consented));
    const code = callback.searchParams.get("code");
    if (!code) throw new Error(`no code in ${callback.toString()}`);
    const tokens = await tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
      resource,
    });
    if (tokens.status !== 200)
      throw new Error(`token failed: ${tokens.status} ${JSON.stringify(tokens.body)}`);
    return {
      clientId,
      accessToken: String(tokens.body.access_token),
      refreshToken: String(tokens.body.refresh_token),
    };
  }

  async function tokenRequest(form: Record<string, string>) {
    const response = await fetch(`${issuer}/api/auth/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  return {
    mcpGrant,
    /** The refresh grant, as an MCP client sends it. */
    refresh: (grant: McpGrant, refreshToken = grant.refreshToken) =>
      tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: grant.clientId }),
    /** The user's consents (connected apps), as /account lists them. */
    async consents(user: TestUser): Promise<{ id: string; clientId: string }[]> {
      const response = await fetch(`${issuer}/api/auth/oauth2/get-consents`, {
        headers: { cookie: user.cookie },
      });
      return (await response.json()) as { id: string; clientId: string }[];
    },
    /** What the Revoke button on /account posts. */
    async revokeConsent(user: TestUser, id: string): Promise<number> {
      const response = await fetch(`${issuer}/api/auth/oauth2/delete-consent`, {
        method: "POST",
        headers: { cookie: user.cookie, "content-type": "application/json", origin: issuer },
        body: JSON.stringify({ id }),
      });
      return response.status;
    },
    issuer,
    jwksUrl: new URL(`${issuer}/api/auth/jwks`),
    signUp,
    tokenFor,
    /** Signs any payload with the issuer's real current key (server-only Better Auth endpoint). */
    async signPayload(payload: Record<string, unknown>): Promise<string> {
      const { token } = await ready.api.signJWT({ body: { payload } });
      return token;
    },
    /** Expires the current signing key, so the next token is signed by a new one. */
    async rotateKey(): Promise<void> {
      await handle.db.execute(sql`update jwks set expires_at = now() - interval '1 second'`);
    },
    async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
      return (await (await fetch(`${issuer}/api/auth/jwks`)).json()) as { keys: Record<string, unknown>[] };
    },
    async close() {
      await server.close();
      await handle.close();
    },
  };
}

export interface McpGrant {
  clientId: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * Where a step of the flow sends the browser: a redirect's Location, or the
 * URL in the JSON Better Auth answers a fetch with (Node's fetch says
 * `Sec-Fetch-Mode: cors`, so it gets JSON where a browser gets a 302).
 */
async function followOnce(response: Response): Promise<string> {
  const location = response.headers.get("location");
  if (location) return location;
  const body = (await response.json()) as { url?: string; redirect_uri?: string };
  const url = body.url ?? body.redirect_uri;
  if (!url) throw new Error(`no redirect: ${response.status} ${JSON.stringify(body)}`);
  return url;
}

export type AuthServer = Awaited<ReturnType<typeof startAuthServer>>;
