// Accounts against a person trying to guess, reuse or outstay their welcome:
// password rules, sessions ended on a password change or "sign out
// everywhere", account deletion that needs the password and leaves nothing
// behind, and sign-in limits that a spoofed X-Forwarded-For cannot dodge and
// a guesser cannot turn against the owner — on the real stack.
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

  it("deletes an account only with its password, even on a fresh session, and its tasks with it", async () => {
    const account = await signUp(stack.web, "Fay");
    const token = ((await (await tokenFor(stack.web, account.cookie)).json()) as { token: string }).token;
    const api = (pathname: string, init: RequestInit = {}) =>
      fetch(`${stack.api}${pathname}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
    for (const title of ["one", "two"])
      expect((await api("/api/tasks", { method: "POST", body: JSON.stringify({ title }) })).status).toBe(201);

    // The session is minutes old: Better Auth alone would take it as proof enough.
    for (const body of [{}, { password: "" }, { password: "not my password" }]) {
      const refused = await authCall(stack.web, "/delete-user", body, account.cookie);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect(((await (await api("/api/tasks")).json()) as { items: unknown[] }).items).toHaveLength(2);
    expect((await tokenFor(stack.web, account.cookie)).status).toBe(200);

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
  "sign-in limits per email and address (AUTH_RATE_LIMIT=5, TRUST_PROXY)",
  () => {
    // Behind a trusted proxy each client below has its own address, as the
    // proxy's X-Forwarded-For says, and the web server passes that on.
    let stack: StackProcess;
    beforeAll(async () => {
      stack = await startStack({ AUTH_RATE_LIMIT: "5", TRUST_PROXY: "true" });
    });
    afterAll(() => stack.dispose());

    const attempt = (email: string, password: string, address: string) =>
      authCall(stack.web, "/sign-in/email", { email, password }, "", { "x-forwarded-for": address });

    /** The limits count per clock minute: start where a test's attempts all fall in one. */
    async function freshMinute(neededMs: number) {
      const left = 60_000 - (Date.now() % 60_000);
      if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
    }

    it("locks out an address that keeps guessing, while the owner signs in from their own", async () => {
      const owner = await signUp(stack.web, "Owner");
      await freshMinute(15_000);
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 8; i++) {
        last = await attempt(owner.email, `guess ${i} xx`, "198.51.100.66");
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

      expect((await attempt(owner.email, "a typo xx", "192.0.2.10")).status).toBe(401);
      const mine = await attempt(owner.email, owner.password, "192.0.2.10");
      expect(mine.status).toBe(200);
      expect((await tokenFor(stack.web, cookiesOf(mine))).status).toBe(200);
    });

    it("stops one email after 10× the limit in failures from any addresses, with Retry-After", async () => {
      await freshMinute(40_000);
      const statuses: number[] = [];
      for (let i = 0; i < 51; i++)
        statuses.push((await attempt("sprayed@example.test", `guess ${i} xx`, `203.0.113.${i + 1}`)).status);
      expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
      const last = await attempt("sprayed@example.test", "guess xx", "203.0.113.200");
      expect(statuses[50]).toBe(429);
      expect(last.status).toBe(429);
      expect(((await last.json()) as { code: string }).code).toBe("TOO_MANY_ATTEMPTS");
      expect(Number(last.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // Another email is unaffected.
      expect((await attempt("other@example.test", "guess xx", "203.0.113.201")).status).toBe(401);
    }, 120_000);
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
