// Each error code the account forms can get, mapped by name to its field and
// message; nothing is recognised by a part of its code or its text.
import { authGuardCodes } from "@todo/contract/auth-codes";
import { describe, expect, it } from "vitest";
import type { AuthFailure } from "@/lib/auth-client";
import { describeAuthFailure } from "@/lib/auth-errors";
import { problems } from "@/lib/auth-validation";

const failure = (code: string | undefined, status = 400, message = "The server's words."): AuthFailure => ({
  status,
  code,
  message,
});

describe("describeAuthFailure", () => {
  it("puts every known code at its field, with the same message as the forms' own check", () => {
    const cases: [string, string, string][] = [
      ["INVALID_EMAIL_OR_PASSWORD", "credentials", "Wrong email or password."],
      ["USER_ALREADY_EXISTS", "email", "An account with this email already exists. Sign in instead?"],
      [
        "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
        "email",
        "An account with this email already exists. Sign in instead?",
      ],
      ["INVALID_EMAIL", "email", problems.emailInvalid.message],
      ["INVALID_PASSWORD", "current-password", "That is not your current password."],
      [authGuardCodes.passwordRequired, "current-password", problems.passwordRequired.message],
      [authGuardCodes.nameRequired, "name", problems.nameRequired.message],
      [authGuardCodes.nameTooLong, "name", problems.nameTooLong.message],
      ["PASSWORD_TOO_SHORT", "new-password", problems.passwordTooShort.message],
      ["PASSWORD_TOO_LONG", "new-password", problems.passwordTooLong.message],
    ];
    for (const [code, target, message] of cases)
      expect(describeAuthFailure(failure(code), "Fallback."), code).toEqual({ target, message });
  });

  it("shows the server's own words for a too-common password, at the new password", () => {
    expect(describeAuthFailure(failure(authGuardCodes.passwordTooCommon), "x")).toEqual({
      target: "new-password",
      message: "The server's words.",
    });
    expect(describeAuthFailure(failure(authGuardCodes.passwordTooCommon, 400, ""), "x").target).toBe(
      "new-password",
    );
  });

  it("does not guess from a code's spelling: other codes are the form's message", () => {
    for (const code of [
      "EMAIL_PASSWORD_DISABLED",
      "USER_ALREADY_HAS_PASSWORD",
      "PASSWORD_COMPROMISED",
      authGuardCodes.tasksNotDeleted,
      "constructor",
      "__proto__",
      undefined,
    ])
      expect(describeAuthFailure(failure(code, 400), "Fallback."), String(code)).toEqual({
        target: "form",
        message: "The server's words.",
      });
    expect(describeAuthFailure(failure("SOMETHING", 500, ""), "Fallback.")).toEqual({
      target: "form",
      message: "Fallback.",
    });
  });

  it("explains limits and lost connections whatever the code", () => {
    expect(describeAuthFailure(failure(authGuardCodes.tooManyAttempts, 429), "x")).toEqual({
      target: "form",
      message: "Too many attempts. Please wait a minute and try again.",
    });
    expect(describeAuthFailure(failure(undefined, 0), "x").message).toMatch(/Cannot reach the server/);
  });
});
