// What the OAuth provider (SPEC §11) leaves to the application: withdrawing
// consent for a connected app must also end what the app already holds.
// Better Auth's /oauth2/delete-consent removes only the consent row; its
// refresh tokens would keep minting access tokens. This plugin deletes that
// user's refresh and stored access tokens for the client first, so the next
// refresh fails at once and the JWT access tokens already out expire within
// their short lifetime (MCP_ACCESS_TOKEN_TTL_SECONDS).
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";

/** The MCP server's resource identifier (RFC 8707) and the `aud` of its access tokens. */
export const mcpResource = (apiURL: string) => `${apiURL.replace(/\/+$/, "")}/mcp`;

/** Ten minutes: a revoked app keeps access at most this long (see docs/decisions/0011-mcp-oauth.md). */
export const MCP_ACCESS_TOKEN_TTL_SECONDS = 600;

/** The one scope an MCP client asks for; the consent page says in words what it allows. */
export const TASKS_SCOPE = "tasks";

interface ConsentRow {
  id: string;
  clientId: string;
  userId: string | null;
}

export function oauthGrantRevocation(): BetterAuthPlugin {
  return {
    id: "todo-oauth-grant-revocation",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/oauth2/delete-consent",
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx);
            const body: unknown = ctx.body;
            const id =
              typeof body === "object" && body !== null && "id" in body && typeof body.id === "string"
                ? body.id
                : undefined;
            // Without a session or an id the endpoint itself refuses the request.
            if (!session || !id) return;
            const consent = await ctx.context.adapter.findOne<ConsentRow>({
              model: "oauthConsent",
              where: [{ field: "id", value: id }],
            });
            // Someone else's consent: the endpoint answers that; nothing is touched here.
            if (!consent || consent.userId !== session.user.id) return;
            const grant = [
              { field: "clientId", value: consent.clientId },
              { field: "userId", value: session.user.id },
            ];
            // Access tokens first: they may point at the refresh token that minted them.
            await ctx.context.adapter.deleteMany({ model: "oauthAccessToken", where: grant });
            await ctx.context.adapter.deleteMany({ model: "oauthRefreshToken", where: grant });
          }),
        },
      ],
    },
  };
}
