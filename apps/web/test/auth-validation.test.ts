// One set of rules for the account forms and the server: each rule on its
// own, each form's validation, and the real Better Auth configuration
// refusing exactly what the sign-up form refuses, with the same message.
import { randomBytes } from "node:crypto";
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from "@todo/contract/limits";
import { createDb, type DbHandle } from "@todo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthFailure } from "@/lib/auth-client";
import { describeAuthFailure } from "@/lib/auth-errors";
import { createAuth } from "@/lib/auth-factory.server";
import {
  checkEmail,
  checkName,
  checkNewPassword,
  checkPresent,
  problems,
  validateChangePassword,
  validateDeleteAccount,
  validateSignIn,
  validateSignUp,
} from "@/lib/auth-validation";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("the rules", () => {
  it("name: trimmed, 1..NAME_MAX", () => {
    expect(checkName("  Ada  ")).toEqual({ value: "Ada" });
    expect(checkName("x".repeat(NAME_MAX)).value).toHaveLength(NAME_MAX);
    for (const input of ["", " \t ", null, 42, undefined])
      expect(checkName(input).problem, String(input)).toBe(problems.nameRequired);
    expect(checkName("x".repeat(NAME_MAX + 1)).problem).toBe(problems.nameTooLong);
  });

  it("email: trimmed, something@something, at most EMAIL_MAX", () => {
    expect(checkEmail(" ada@example.test ")).toEqual({ value: "ada@example.test" });
    expect(checkEmail("").problem).toBe(problems.emailRequired);
    for (const input of [
      "ada",
      "ada@",
      "@example.test",
      "a da@example.test",
      `${"a".repeat(EMAIL_MAX)}@e.st`,
    ])
      expect(checkEmail(input).problem, input).toBe(problems.emailInvalid);
    expect(checkEmail(`${"a".repeat(EMAIL_MAX - 7)}@e.test`).value).toHaveLength(EMAIL_MAX);
  });

  it("new password: PASSWORD_MIN..PASSWORD_MAX, as typed", () => {
    expect(checkNewPassword("x".repeat(PASSWORD_MIN - 1)).problem).toBe(problems.passwordTooShort);
    expect(checkNewPassword(" ".repeat(PASSWORD_MIN)).value).toBe(" ".repeat(PASSWORD_MIN));
    expect(checkNewPassword("x".repeat(PASSWORD_MAX)).problem).toBeUndefined();
    expect(checkNewPassword("x".repeat(PASSWORD_MAX + 1)).problem).toBe(problems.passwordTooLong);
    expect(problems.passwordTooShort.message).toBe(`Use at least ${PASSWORD_MIN} characters.`);
  });

  it("a password someone has: anything but empty, untrimmed", () => {
    expect(checkPresent(" x ", problems.passwordRequired)).toEqual({ value: " x " });
    expect(checkPresent("", problems.passwordRequired).problem).toBe(problems.passwordRequired);
    expect(checkPresent(undefined, problems.passwordRequired).problem).toBe(problems.passwordRequired);
  });
});

describe("the forms' validation", () => {
  it("sign-in: says which field is missing", () => {
    expect(validateSignIn(form({}))).toEqual({
      ok: false,
      errors: { email: "Enter your email address.", password: "Enter your password." },
    });
    expect(validateSignIn(form({ email: " ada@example.test ", password: "x" }))).toEqual({
      ok: true,
      values: { email: "ada@example.test", password: "x" },
    });
  });

  it("sign-up: every field's problem at once, trimmed values otherwise", () => {
    expect(validateSignUp(form({ name: " ", email: "ada", password: "short" }))).toEqual({
      ok: false,
      errors: {
        name: "Enter your name.",
        email: "Enter a valid email address.",
        password: "Use at least 8 characters.",
      },
    });
    expect(
      validateSignUp(form({ name: " Ada ", email: "ada@example.test", password: "a long passphrase" })),
    ).toEqual({
      ok: true,
      values: { name: "Ada", email: "ada@example.test", password: "a long passphrase" },
    });
  });

  it("change password: the current one is needed, and the new one must differ", () => {
    expect(validateChangePassword(form({ currentPassword: "", newPassword: "short" }))).toEqual({
      ok: false,
      errors: { currentPassword: "Enter your current password.", newPassword: "Use at least 8 characters." },
    });
    expect(
      validateChangePassword(
        form({ currentPassword: "the same passphrase", newPassword: "the same passphrase" }),
      ),
    ).toEqual({ ok: false, errors: { newPassword: "Choose a password you are not using now." } });
    expect(
      validateChangePassword(form({ currentPassword: "old one", newPassword: "a new passphrase" })).ok,
    ).toBe(true);
  });

  it("delete account: the password is needed", () => {
    expect(validateDeleteAccount(form({ password: "" }))).toEqual({
      ok: false,
      errors: { password: "Enter your password to confirm." },
    });
  });
});

describe("the server applies the same rules", () => {
  const base = "https://todo.example";
  let db: DbHandle;
  let auth: ReturnType<typeof createAuth>;
  beforeAll(async () => {
    db = createDb({ dataDir: null, service: "web" });
    await db.migrate("auth");
    auth = createAuth({
      db: db.db,
      secret: randomBytes(32).toString("hex"),
      baseURL: base,
      apiURL: "https://api.todo.example",
      jwtExpiresIn: "15m",
      authRateLimit: 0,
    });
  });
  afterAll(() => db.close());

  async function signUp(body: Record<string, string>): Promise<{ status: number; failure: AuthFailure }> {
    const response = await auth.handler(
      new Request(`${base}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify(body),
      }),
    );
    const parsed = (await response.json()) as { code?: string; message?: string };
    return {
      status: response.status,
      failure: { status: response.status, code: parsed.code, message: parsed.message ?? "" },
    };
  }

  it("refuses on sign-up what the sign-up form refuses, and the form shows the same message at the same field", async () => {
    const fieldOf = { name: "name", email: "email", "new-password": "password" } as const;
    const cases: Record<string, string>[] = [
      { name: "" },
      { name: "n".repeat(NAME_MAX + 1) },
      { email: `${"a".repeat(EMAIL_MAX)}@e.st` },
      { email: "ada" },
      { password: "x".repeat(PASSWORD_MIN - 1) },
      { password: "x".repeat(PASSWORD_MAX + 1) },
    ];
    for (const change of cases) {
      const fields = {
        name: "Ada",
        email: `rules-${randomBytes(4).toString("hex")}@example.test`,
        password: "a long passphrase",
        ...change,
      };
      const label = JSON.stringify(change).slice(0, 40);
      const client = validateSignUp(form(fields));
      expect(client.ok, label).toBe(false);
      const { status, failure } = await signUp(fields);
      expect(status, label).toBe(400);
      const shown = describeAuthFailure(failure, "Fallback.");
      const field = fieldOf[shown.target as keyof typeof fieldOf];
      expect(client.ok ? {} : client.errors, label).toEqual({ [field]: shown.message });
    }

    // And accepts the longest of each.
    const longest = {
      name: "n".repeat(NAME_MAX),
      email: `${"a".repeat(EMAIL_MAX - 13)}@example.test`,
      password: "p".repeat(PASSWORD_MAX),
    };
    expect(validateSignUp(form(longest)).ok).toBe(true);
    expect((await signUp(longest)).status).toBe(200);
  });
});
