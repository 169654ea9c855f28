// What people type into the account forms, checked by one set of rules. The
// forms run them before sending and show each problem at its field; the
// server runs the same ones: Better Auth's configuration takes the password
// lengths from `passwordLength`, and the app's guards (auth-guards.server.ts)
// check the name, the sign-up email and the password for account deletion
// with `checkName`, `checkEmail` and `checkPresent`, answering with the
// rule's code, which auth-errors.ts turns back into the same message.
// The limits themselves are the contract's. No server-only imports: this
// module is in the browser bundle (the list of common passwords is not).
import { authGuardCodes } from "@todo/contract/auth-codes";
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from "@todo/contract/limits";

export const nameLength = { max: NAME_MAX } as const;
export const emailLength = { max: EMAIL_MAX } as const;
/** Better Auth's minPasswordLength and maxPasswordLength, and the forms' check of a new password. */
export const passwordLength = { min: PASSWORD_MIN, max: PASSWORD_MAX } as const;

/** What a rule found wrong: the code the server answers with, and the sentence shown at the field. */
export interface Problem {
  code: string;
  message: string;
}

export const problems = {
  nameRequired: { code: authGuardCodes.nameRequired, message: "Enter your name." },
  nameTooLong: { code: authGuardCodes.nameTooLong, message: `Use at most ${NAME_MAX} characters.` },
  emailRequired: { code: "INVALID_EMAIL", message: "Enter your email address." },
  emailInvalid: { code: "INVALID_EMAIL", message: "Enter a valid email address." },
  // Better Auth's own codes for its length checks.
  passwordTooShort: { code: "PASSWORD_TOO_SHORT", message: `Use at least ${PASSWORD_MIN} characters.` },
  passwordTooLong: { code: "PASSWORD_TOO_LONG", message: `Use at most ${PASSWORD_MAX} characters.` },
  /** The password that confirms an account deletion. */
  passwordRequired: { code: authGuardCodes.passwordRequired, message: "Enter your password to confirm." },
} as const satisfies Record<string, Problem>;

/** A rule's verdict: the value to use (trimmed where that applies), or what is wrong with it. */
export type Checked = { value: string; problem?: undefined } | { value?: undefined; problem: Problem };

const text = (input: unknown) => (typeof input === "string" ? input : "");
const ok = (value: string): Checked => ({ value });
const wrong = (problem: Problem): Checked => ({ problem });

/** Trimmed, 1..NAME_MAX: the name is stored and copied into every access token. */
export function checkName(input: unknown): Checked {
  const name = text(input).trim();
  if (!name) return wrong(problems.nameRequired);
  return name.length > NAME_MAX ? wrong(problems.nameTooLong) : ok(name);
}

/** Trimmed, something@something, at most EMAIL_MAX. (Better Auth checks the form of it further.) */
export function checkEmail(input: unknown): Checked {
  const email = text(input).trim();
  if (!email) return wrong(problems.emailRequired);
  return email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+$/.test(email)
    ? wrong(problems.emailInvalid)
    : ok(email);
}

/** A password being chosen: PASSWORD_MIN..PASSWORD_MAX (the server also refuses the most common ones). */
export function checkNewPassword(input: unknown): Checked {
  const password = text(input);
  if (password.length < PASSWORD_MIN) return wrong(problems.passwordTooShort);
  return password.length > PASSWORD_MAX ? wrong(problems.passwordTooLong) : ok(password);
}

/** Anything but empty, as typed (a password someone already has). */
export function checkPresent(input: unknown, problem: Problem): Checked {
  const value = text(input);
  return value === "" ? wrong(problem) : ok(value);
}

/** The message for a new password that breaks a rule, or null. */
export function newPasswordProblem(password: string): string | null {
  return checkNewPassword(password).problem?.message ?? null;
}

// --- the forms ------------------------------------------------------------------

export type FieldErrors<V> = Partial<Record<keyof V & string, string>>;
export type Validated<V> = { ok: true; values: V } | { ok: false; errors: FieldErrors<V> };

/** Every field's verdict together: the values when all passed, else each field's message. */
function collect<V extends Record<string, string>>(checks: { [K in keyof V]: Checked }): Validated<V> {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [field, checked] of Object.entries(checks) as [string, Checked][]) {
    if (checked.problem) errors[field] = checked.problem.message;
    else values[field] = checked.value;
  }
  return Object.keys(errors).length > 0
    ? { ok: false, errors: errors as FieldErrors<V> }
    : { ok: true, values: values as V };
}

export type SignInValues = { email: string; password: string };
export type SignUpValues = { name: string; email: string; password: string };
export type ChangePasswordValues = { currentPassword: string; newPassword: string };
export type DeleteAccountValues = { password: string };

export function validateSignIn(data: FormData): Validated<SignInValues> {
  return collect<SignInValues>({
    email: checkEmail(data.get("email")),
    password: checkPresent(data.get("password"), {
      code: problems.passwordRequired.code,
      message: "Enter your password.",
    }),
  });
}

export function validateSignUp(data: FormData): Validated<SignUpValues> {
  return collect<SignUpValues>({
    name: checkName(data.get("name")),
    email: checkEmail(data.get("email")),
    password: checkNewPassword(data.get("password")),
  });
}

export function validateChangePassword(data: FormData): Validated<ChangePasswordValues> {
  const currentPassword = checkPresent(data.get("currentPassword"), {
    code: problems.passwordRequired.code,
    message: "Enter your current password.",
  });
  let newPassword = checkNewPassword(data.get("newPassword"));
  // The forms' own check: the server has no such rule.
  if (newPassword.value !== undefined && newPassword.value === currentPassword.value)
    newPassword = wrong({ code: "PASSWORD_UNCHANGED", message: "Choose a password you are not using now." });
  return collect<ChangePasswordValues>({ currentPassword, newPassword });
}

export function validateDeleteAccount(data: FormData): Validated<DeleteAccountValues> {
  return collect<DeleteAccountValues>({
    password: checkPresent(data.get("password"), problems.passwordRequired),
  });
}
