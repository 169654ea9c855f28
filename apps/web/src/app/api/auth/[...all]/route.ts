// Better Auth's endpoints (sign-up, sign-in, sign-out, session, token, jwks…).
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth.server";

// Resolved per request so that importing this module (as `next build` does)
// never reads the settings or opens the database.
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler((request) => getAuth().handler(request));
