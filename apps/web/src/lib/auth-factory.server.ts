// Better Auth's configuration, in one place. A factory rather than a module
// singleton so that the API's tests can run the very same configuration on a
// throwaway database and mint real tokens through the real endpoints.
import { oauthProvider } from "@better-auth/oauth-provider";
import { authGuardCodes } from "@todo/contract/auth-codes";
import type { Database } from "@todo/db";
import { authSchema } from "@todo/db";
import { type BetterAuthPlugin, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { jwt } from "better-auth/plugins/jwt";
import { authGuards, withRetryAfter } from "./auth-guards.server";
import { passwordLength } from "./auth-validation";
import {
  MCP_ACCESS_TOKEN_TTL_SECONDS,
  mcpResource,
  oauthGrantRevocation,
  TASKS_SCOPE,
} from "./oauth-grants.server";

export interface AuthConfig {
  db: Database;
  /** ≥ 32 characters; signs cookies and encrypts the stored private signing keys. */
  secret: string;
  /** The web app's public URL: Better Auth's base URL and the tokens' `iss`. */
  baseURL: string;
  /** The API's public URL: the tokens' `aud`. */
  apiURL: string;
  /** Access-token lifetime, e.g. `15m`. */
  jwtExpiresIn: string;
  /** Sign-in and sign-up attempts per minute per client; 0 turns the limit off. */
  authRateLimit: number;
  /** Framework glue, such as `nextCookies()`, added by the caller. */
  plugins?: BetterAuthPlugin[];
  /**
   * Settles once the auth tables exist. The OAuth provider writes its
   * resource row when Better Auth starts, which is before the caller's
   * migrations have run unless it waits for this.
   */
  tablesReady?: Promise<void>;
}

const SEVEN_DAYS = 60 * 60 * 24 * 7;

/** Thrown when the API could not erase a user's tasks: the account is then kept, so nothing is left behind. */
const tasksNotErased = () =>
  new APIError("SERVICE_UNAVAILABLE", {
    message: "Your tasks could not be deleted right now, so your account was kept. Try again in a moment.",
    code: authGuardCodes.tasksNotDeleted,
  });

/** The plugin, with its start-up work (`init`) run only once the tables exist. */
function afterTables<P extends BetterAuthPlugin>(tablesReady: Promise<void> | undefined, plugin: P): P {
  const init = plugin.init;
  if (!tablesReady || !init) return plugin;
  return {
    ...plugin,
    init: async (ctx) => {
      // A failed migration is reported by whoever awaits it; the seed then fails on its own.
      await tablesReady.catch(() => {});
      return init(ctx);
    },
  };
}

export function createAuth(config: AuthConfig) {
  const attempts = { window: 60, max: config.authRateLimit };
  const auth = betterAuth({
    appName: "Todo",
    baseURL: config.baseURL,
    secret: config.secret,
    trustedOrigins: [config.baseURL],
    // Better Auth turns its origin and CSRF checks off when NODE_ENV is
    // "test"; the tests must exercise exactly what production runs.
    advanced: { disableOriginCheck: false },
    database: drizzleAdapter(config.db, { provider: "pg", schema: authSchema }),
    emailAndPassword: {
      enabled: true,
      // The same lengths the forms check (auth-validation).
      minPasswordLength: passwordLength.min,
      maxPasswordLength: passwordLength.max,
      autoSignIn: true,
    },
    session: { expiresIn: SEVEN_DAYS, updateAge: 60 * 60 * 24 },
    user: {
      deleteUser: {
        enabled: true,
        // The API owns the tasks: erase them there first, with a token for this
        // user, and only then let Better Auth delete the account.
        beforeDelete: async (user) => {
          const { token } = await auth.api.signJWT({ body: { payload: { sub: user.id } } });
          const response = await fetch(`${config.apiURL}/api/me`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(10_000),
          }).catch(() => undefined);
          if (!response?.ok) throw tasksNotErased();
        },
      },
    },
    rateLimit: {
      // On in every mode, stored in the database so that it holds across processes.
      enabled: config.authRateLimit > 0,
      storage: "database",
      customRules: {
        "/sign-in/email": attempts,
        "/sign-up/email": attempts,
      },
    },
    plugins: [
      jwt({
        jwks: { keyPairConfig: { alg: "EdDSA", crv: "Ed25519" } },
        jwt: {
          issuer: config.baseURL,
          audience: config.apiURL,
          expirationTime: config.jwtExpiresIn,
          definePayload: ({ user }) => ({ email: user.email, name: user.name }),
        },
      }),
      authGuards({ db: config.db, attemptsPerMinute: config.authRateLimit }),
      // The OAuth 2.1 authorization server for MCP clients (SPEC §11,
      // docs/decisions/0011-mcp-oauth.md): code + PKCE only, dynamic
      // registration, access tokens as EdDSA JWTs from the jwt plugin's
      // keys with `aud` = the MCP resource, refresh tokens rotated.
      afterTables(
        config.tablesReady,
        oauthProvider({
          loginPage: "/oauth/sign-in",
          consentPage: "/oauth/consent",
          scopes: ["openid", "profile", "email", "offline_access", TASKS_SCOPE],
          // No client_credentials: every token must stand for a user.
          grantTypes: ["authorization_code", "refresh_token"],
          allowDynamicClientRegistration: true,
          // MCP clients register themselves before anyone signs in (RFC 7591).
          allowUnauthenticatedClientRegistration: true,
          resources: [
            {
              identifier: mcpResource(config.apiURL),
              name: "Todo MCP server",
              accessTokenTtl: MCP_ACCESS_TOKEN_TTL_SECONDS,
            },
          ],
          clientRegistrationDefaultResources: [mcpResource(config.apiURL)],
          accessTokenExpiresIn: MCP_ACCESS_TOKEN_TTL_SECONDS,
          // Strict rotation: a refresh token works once; a replay ends the whole family.
          refreshTokenReuseInterval: 0,
        }),
      ),
      oauthGrantRevocation(),
      ...(config.plugins ?? []),
    ],
  });
  const handle = auth.handler;
  auth.handler = async (request) => withRetryAfter(await handle(request));
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;
