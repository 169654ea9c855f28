// RFC 8414 metadata at the issuer's root (the issuer is BETTER_AUTH_URL, with
// no path), where MCP clients look for it. Better Auth's OAuth provider
// builds the document; this route only puts it at the standard address.
import { oauthProviderAuthServerMetadata } from "@better-auth/oauth-provider";
import { getAuth } from "@/lib/auth.server";

// Resolved per request: importing this module (as `next build` does) never opens the database.
export const GET = (request: Request) => oauthProviderAuthServerMetadata(getAuth())(request);
