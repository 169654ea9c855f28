/** A readable message for a failed Better Auth call from the browser client. */
export function authErrorMessage(error: { status?: number; message?: string | undefined }, fallback: string) {
  if (error.status === 429) return "Too many attempts. Please wait a minute and try again.";
  if (error.status === 0 || error.status === undefined)
    return "Cannot reach the server. Check your connection.";
  return error.message || fallback;
}
