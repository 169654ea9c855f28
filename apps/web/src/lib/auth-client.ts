// Better Auth's browser client. No baseURL: it talks to this same origin's
// /api/auth, with the session cookie.
import { jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  plugins: [jwtClient()],
});
