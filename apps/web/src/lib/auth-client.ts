// The browser's calls to Better Auth's endpoints on this same origin
// (/api/auth/*, session cookie). Deliberately a few lines of fetch rather
// than `better-auth/react`: these pages need only plain POSTs, and the
// official client would add about 10 KB gzip to every page's JavaScript.
// The method names and bodies are Better Auth's own.

export interface AuthFailure {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  /** Better Auth's error code, e.g. INVALID_EMAIL_OR_PASSWORD. */
  code: string | undefined;
  message: string;
}

export type AuthResult<T> = { data: T; error: null } | { data: null; error: AuthFailure };

async function post<T>(path: string, body: object = {}): Promise<AuthResult<T>> {
  let response: Response;
  try {
    response = await fetch(`/api/auth${path}`, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { data: null, error: { status: 0, code: undefined, message: "Cannot reach the server." } };
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) return { data: parsed as T, error: null };
  const record = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  return {
    data: null,
    error: {
      status: response.status,
      code: typeof record.code === "string" ? record.code : undefined,
      message: typeof record.message === "string" ? record.message : response.statusText,
    },
  };
}

export const authClient = {
  signUp: {
    email: (body: { name: string; email: string; password: string }) => post("/sign-up/email", body),
  },
  signIn: {
    email: (body: { email: string; password: string }) => post("/sign-in/email", body),
  },
  signOut: () => post("/sign-out"),
  /** Ends every session of this user, this one included. */
  revokeSessions: () => post("/revoke-sessions"),
  changePassword: (body: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean }) =>
    post("/change-password", body),
  deleteUser: (body: { password: string }) => post("/delete-user", body),
};
