// Accounts against a person trying to guess, reuse or outstay their welcome:
// password rules, sessions ended on a password change or "sign out
// everywhere", account deletion that leaves nothing behind, and sign-in limits
// that a spoofed X-Forwarded-For cannot dodge — on the real stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCall, cookiesOf, type StackProcess, signUp, startStack, tokenFor, webIsBuilt } from "./support";

describe.skipIf(!webIsBuilt && !process.env.CI)("accounts and sessions", () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.dispose());

  const signIn = (email: string, password: string) =>
    authCall(stack.web, "/sign-in/email", { email, password });

  it("refuses passwords that are too short, too long or among the most common", async () => {
    for (const password of [
      "short12",
      "x".repeat(129),
      "password1",
      "iloveyou",
      "Qwertyuiop",
      "1234567890",
    ]) {
      const email = `weak-${Math.random().toString(36).slice(2)}@example.test`;
      const response = await authCall(stack.web, "/sign-up/email", { name: "W", email, password });
      expect(response.status, password).toBe(400);
      expect((await signIn(email, password)).status, password).not.toBe(200);
    }
    const common = await authCall(stack.web, "/sign-up/email", {
      name: "W",
      email: "common@example.test",
      password: "password1",
    });
    expect(((await common.json()) as { code: string }).code).toBe("PASSWORD_TOO_COMMON");
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const email = `cookie-${Date.now()}@example.test`;
    const response = await authCall(stack.web, "/sign-up/email", {
      name: "C",
      email,
      password: "a long passphrase",
    });
    const session = response.headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });

  it("ends every other session when the password changes, even if the client asks to keep them", async () => {
    const account = await signUp(stack.web, "Dee");
    const other = cookiesOf(await signIn(account.email, account.password));
    expect((await tokenFor(stack.web, other)).status).toBe(200);

    const changed = await authCall(
      stack.web,
      "/change-password",
      {
        currentPassword: account.password,
        newPassword: "another long passphrase",
        revokeOtherSessions: false,
      },
      account.cookie,
    );
    expect(changed.status).toBe(200);
    const current = cookiesOf(changed) || account.cookie;
    expect((await tokenFor(stack.web, other)).status).toBe(401);
    expect((await tokenFor(stack.web, current)).status).toBe(200);
    expect((await signIn(account.email, account.password)).status).toBe(401);
    expect((await signIn(account.email, "another long passphrase")).status).toBe(200);

    const common = await authCall(
      stack.web,
      "/change-password",
      { currentPassword: "another long passphrase", newPassword: "password123" },
      current,
    );
    expect(common.status).toBe(400);
  });

  it("signs out of all devices", async () => {
    const account = await signUp(stack.web, "Eve");
    const other = cookiesOf(await signIn(account.email, account.password));
    expect((await authCall(stack.web, "/revoke-sessions", {}, account.cookie)).status).toBe(200);
    expect((await tokenFor(stack.web, account.cookie)).status).toBe(401);
    expect((await tokenFor(stack.web, other)).status).toBe(401);
  });

  it("deletes an account only with its password, and its tasks with it", async () => {
    const account = await signUp(stack.web, "Fay");
    const token = ((await (await tokenFor(stack.web, account.cookie)).json()) as { token: string }).token;
    const api = (pathname: string, init: RequestInit = {}) =>
      fetch(`${stack.api}${pathname}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
    for (const title of ["one", "two"])
      expect((await api("/api/tasks", { method: "POST", body: JSON.stringify({ title }) })).status).toBe(201);

    const wrong = await authCall(stack.web, "/delete-user", { password: "not my password" }, account.cookie);
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(((await (await api("/api/tasks")).json()) as { items: unknown[] }).items).toHaveLength(2);

    const deleted = await authCall(stack.web, "/delete-user", { password: account.password }, account.cookie);
    expect(deleted.status).toBe(200);
    // The token outlives the account by at most its lifetime; the tasks are already gone.
    expect(((await (await api("/api/tasks")).json()) as { items: unknown[] }).items).toHaveLength(0);
    expect((await signIn(account.email, account.password)).status).toBe(401);
    expect((await tokenFor(stack.web, account.cookie)).status).toBe(401);
  });

  it("writes no password, cookie or token to either service's logs", async () => {
    const password = `unique secret ${Math.random().toString(36).slice(2)}`;
    const account = await signUp(stack.web, "Logged", password);
    const token = ((await (await tokenFor(stack.web, account.cookie)).json()) as { token: string }).token;
    await fetch(`${stack.api}/api/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "logged" }),
    });
    await fetch(`${stack.api}/api/tasks?access_token=${token}`);
    await fetch(`${stack.api}/api/tasks`, { headers: { authorization: `Bearer ${token}x` } });
    const refused = await signIn(account.email, `${password} but wrong`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = stack.log();
    expect(log).toContain('"status":201');
    // Both services write one JSON line per request, tagged with the id they answered with.
    const requestId = refused.headers.get("x-request-id") ?? "";
    expect(requestId).toMatch(/^[\w-]{8,}$/);
    const line = log.split("\n").find((l) => l.includes(requestId)) ?? "";
    expect(JSON.parse(line.replace(/^\[web\] /, ""))).toMatchObject({
      service: "web",
      requestId,
      method: "POST",
      path: "/api/auth/sign-in/email",
      status: 401,
    });
    const cookieValue = account.cookie.split("=")[1]?.split(".")[0] ?? "";
    for (const secret of [password, token, token.split(".")[2] ?? "", cookieValue]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log).not.toContain(secret);
    }
  });
});

describe.skipIf(!webIsBuilt && !process.env.CI)(
  "sign-in limits per email (AUTH_RATE_LIMIT=5, TRUST_PROXY)",
  () => {
    // Behind a trusted proxy each attempt below comes from its own address, so
    // only the per-email count can stop the sixth.
    let stack: StackProcess;
    beforeAll(async () => {
      stack = await startStack({ AUTH_RATE_LIMIT: "5", TRUST_PROXY: "true" });
    });
    afterAll(() => stack.dispose());

    it("answers the 6th attempt for one email in a minute with 429 and Retry-After", async () => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        last = await authCall(
          stack.web,
          "/sign-in/email",
          { email: "target@example.test", password: `guess ${i} xx` },
          "",
          {
            "x-forwarded-for": `198.51.100.${i}`,
          },
        );
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // Another email from another address is unaffected.
      const other = await authCall(
        stack.web,
        "/sign-in/email",
        { email: "other@example.test", password: "guess xx" },
        "",
        {
          "x-forwarded-for": "198.51.100.99",
        },
      );
      expect(other.status).toBe(401);
    });
  },
);

describe.skipIf(!webIsBuilt && !process.env.CI)("sign-in limits per address (AUTH_RATE_LIMIT=5)", () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStack({ AUTH_RATE_LIMIT: "5" });
  });
  afterAll(() => stack.dispose());

  it("limits one address across many emails, whatever X-Forwarded-For it claims", async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await authCall(
        stack.web,
        "/sign-in/email",
        { email: `spray-${i}@example.test`, password: "guess xx" },
        "",
        {
          "x-forwarded-for": `203.0.113.${i}`,
        },
      );
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
