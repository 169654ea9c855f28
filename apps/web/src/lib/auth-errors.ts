// Better Auth's error codes turned into a message and the field it belongs
// to, so each form can show the problem next to the input that caused it.
import type { AuthFailure } from "./auth-client";

export type AuthErrorTarget =
  /** The email field: taken, or not an address. */
  | "email"
  /** Sign-in: email and password do not match (which one is deliberately not said). */
  | "credentials"
  /** The password the user already has, on change-password and delete-account. */
  | "current-password"
  /** A password being chosen: too short, too long, too common. */
  | "new-password"
  | "form";

export interface AuthErrorMessage {
  target: AuthErrorTarget;
  message: string;
}

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 128;

export function describeAuthFailure(failure: AuthFailure, fallback: string): AuthErrorMessage {
  if (failure.status === 0)
    return { target: "form", message: "Cannot reach the server. Check your connection." };
  if (failure.status === 429)
    return { target: "form", message: "Too many attempts. Please wait a minute and try again." };
  switch (failure.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return { target: "credentials", message: "Wrong email or password." };
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return { target: "email", message: "An account with this email already exists. Sign in instead?" };
    case "INVALID_EMAIL":
      return { target: "email", message: "Enter a valid email address." };
    case "INVALID_PASSWORD":
      return { target: "current-password", message: "That is not your current password." };
    case "PASSWORD_TOO_SHORT":
      return { target: "new-password", message: `Use at least ${MIN_PASSWORD} characters.` };
    case "PASSWORD_TOO_LONG":
      return { target: "new-password", message: `Use at most ${MAX_PASSWORD} characters.` };
  }
  // Any other password rule the server enforces (a too-common password, …):
  // its own message, shown at the password being chosen.
  if (failure.code?.includes("PASSWORD"))
    return { target: "new-password", message: failure.message || "Choose a stronger password." };
  return { target: "form", message: failure.message || fallback };
}

/** The client-side check of a new password, the same rule the server applies first. */
export function newPasswordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  if (password.length > MAX_PASSWORD) return `Use at most ${MAX_PASSWORD} characters.`;
  return null;
}
