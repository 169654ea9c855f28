// Error codes the web app's own Better Auth guards send, beside Better
// Auth's built-in ones; the forms map each to a message at its field.
export const authGuardCodes = {
  nameRequired: "NAME_REQUIRED",
  nameTooLong: "NAME_TOO_LONG",
  passwordRequired: "PASSWORD_REQUIRED",
  passwordTooCommon: "PASSWORD_TOO_COMMON",
  tooManyAttempts: "TOO_MANY_ATTEMPTS",
  tasksNotDeleted: "TASKS_NOT_DELETED",
} as const;
export type AuthGuardCode = (typeof authGuardCodes)[keyof typeof authGuardCodes];
