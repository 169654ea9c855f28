// Better Auth's error codes (and the app's guards' own) turned into a message
// and the field it belongs to, so each form can show the problem next to the
// input that caused it. Every code is mapped by name; anything else is shown
// as the form's message.
import { authGuardCodes } from "@todo/contract/auth-codes";
import type { AuthFailure } from "./auth-client";
import { problems } from "./auth-validation";

export { newPasswordProblem } from "./auth-validation";

export type AuthErrorTarget =
  /** The name: empty, or longer than NAME_MAX. */
  | "name"
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

const at = (target: AuthErrorTarget, message: string): AuthErrorMessage => ({ target, message });

/** Codes with a fixed place and message (the rules' messages are auth-validation's). */
const known: Record<string, AuthErrorMessage> = {
  INVALID_EMAIL_OR_PASSWORD: at("credentials", "Wrong email or password."),
  USER_ALREADY_EXISTS: at("email", "An account with this email already exists. Sign in instead?"),
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: at(
    "email",
    "An account with this email already exists. Sign in instead?",
  ),
  INVALID_EMAIL: at("email", problems.emailInvalid.message),
  INVALID_PASSWORD: at("current-password", "That is not your current password."),
  [authGuardCodes.passwordRequired]: at("current-password", problems.passwordRequired.message),
  [authGuardCodes.nameRequired]: at("name", problems.nameRequired.message),
  [authGuardCodes.nameTooLong]: at("name", problems.nameTooLong.message),
  PASSWORD_TOO_SHORT: at("new-password", problems.passwordTooShort.message),
  PASSWORD_TOO_LONG: at("new-password", problems.passwordTooLong.message),
};

export function describeAuthFailure(failure: AuthFailure, fallback: string): AuthErrorMessage {
  if (failure.status === 0) return at("form", "Cannot reach the server. Check your connection.");
  if (failure.status === 429) return at("form", "Too many attempts. Please wait a minute and try again.");
  const code = failure.code ?? "";
  const fixed = Object.hasOwn(known, code) ? known[code] : undefined;
  if (fixed) return fixed;
  // The server's own words, at the password being chosen.
  if (code === authGuardCodes.passwordTooCommon)
    return at("new-password", failure.message || "Choose a less common password.");
  return at("form", failure.message || fallback);
}
