// The defences the app adds to Better Auth, on the real handler and an
// embedded database: a bounded name, a password for every account deletion,
// and sign-in limits that count failures, so that nobody can keep a chosen
// person locked out.
import { randomBytes } from "node:crypto";
import { NAME_MAX as MAX_NAME } from "@todo/contract/limits";
import { createDb, type DbHandle } from "@todo/db";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuth } from "@/lib/auth-factory.server";

const base = "https://todo.example";
// One secret for every instance here: they share the stored (encrypted) signing keys.
const secret = randomBytes(32).toString("hex");
let db: DbHandle;
beforeAll(async () => {
  db = createDb({ dataDir: null, service: "web" });
  await db.migrate("auth");
});
afterAll(() => db.close());
afterEach(() => {
  vi.useRealTimers();
});

function authWith(authRateLimit = 0) {
  return createAuth({
    db: db.db,
    secret,
    baseURL: base,
    apiURL: "https://api.todo.example",
    jwtExpiresIn: "15m",
    authRateLimit,
  });
}
type Auth = ReturnType<typeof authWith>;

function call(auth: Auth, path: string, body: unknown, headers: Record<string, string> = {}) {
  return auth.handler(
    new Request(`${base}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
const codeOf = async (response: Response) => ((await response.json()) as { code?: string }).code;
const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.test`;
const PASSWORD = "a long passphrase";

async function sessionUser(auth: Auth, cookie: string) {
  const response = await auth.handler(new Request(`${base}/api/auth/get-session`, { headers: { cookie } }));
  return ((await response.json()) as { user: { name: string } } | null)?.user;
}

describe("the name", () => {
  let auth: Auth;
  beforeAll(() => {
    auth = authWith();
  });
  const signUp = (name: unknown) =>
    call(auth, "/sign-up/email", { name, email: uniqueEmail("n"), password: PASSWORD });

  it(`is refused on sign-up when empty or longer than ${MAX_NAME} characters, with a code for its field`, async () => {
    for (const [name, code] of [
      ["", "NAME_REQUIRED"],
      ["   \t ", "NAME_REQUIRED"],
      ["x".repeat(MAX_NAME + 1), "NAME_TOO_LONG"],
      ["x".repeat(1_000_000), "NAME_TOO_LONG"],
    ] as const) {
      const response = await signUp(name);
      expect(response.status, `${name.length} characters`).toBe(400);
      expect(await codeOf(response)).toBe(code);
    }
    const stored = await db.db.execute(
      sql`select count(*)::int as n from "user" where length(name) > ${MAX_NAME}`,
    );
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
  });

  it(`is stored trimmed, up to ${MAX_NAME} characters`, async () => {
    const response = await signUp(`  ${"y".repeat(MAX_NAME)}  `);
    expect(response.status).toBe(200);
    expect((await sessionUser(auth, cookieOf(response)))?.name).toBe("y".repeat(MAX_NAME));
  });

  it("is held to the same rule on /update-user, and other fields stay updatable", async () => {
    const cookie = cookieOf(await signUp("Ada"));
    for (const [name, code] of [
      ["", "NAME_REQUIRED"],
      ["  ", "NAME_REQUIRED"],
      [null, "NAME_REQUIRED"],
      [42, "NAME_REQUIRED"],
      ["z".repeat(MAX_NAME + 1), "NAME_TOO_LONG"],
    ] as const) {
      const response = await call(auth, "/update-user", { name }, { cookie });
      expect(response.status, JSON.stringify(name)).toBe(400);
      expect(await codeOf(response)).toBe(code);
    }
    expect((await sessionUser(auth, cookie))?.name).toBe("Ada");

    expect((await call(auth, "/update-user", { name: "  Ada Lovelace " }, { cookie })).status).toBe(200);
    expect((await sessionUser(auth, cookie))?.name).toBe("Ada Lovelace");
    expect((await call(auth, "/update-user", { image: null }, { cookie })).status).toBe(200);
    expect((await sessionUser(auth, cookie))?.name).toBe("Ada Lovelace");
  });
});

describe("account deletion", () => {
  it("needs the right password even on a session just created; without it the account stays", async () => {
    const auth = authWith();
    const email = uniqueEmail("keep");
    const cookie = cookieOf(await call(auth, "/sign-up/email", { name: "K", email, password: PASSWORD }));
    for (const body of [{}, { password: "" }, { password: null }, { password: "not the password" }]) {
      const response = await call(auth, "/delete-user", body, { cookie });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await codeOf(response)).toMatch(/PASSWORD/);
    }
    expect((await call(auth, "/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
    expect(await sessionUser(auth, cookie)).toMatchObject({ name: "K" });
  });
});

describe("sign-in limits (AUTH_RATE_LIMIT=5)", () => {
  // Only Date is faked, at the start of a minute: the database keeps its real timers.
  const atMinuteStart = () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:01Z"));
  };
  const from = (ip: string) => ({ "x-forwarded-for": ip });

  it("lock out the address that keeps failing, never the owner signing in from their own", async () => {
    atMinuteStart();
    const auth = authWith(5);
    const email = uniqueEmail("target");
    expect(
      (await call(auth, "/sign-up/email", { name: "T", email, password: PASSWORD }, from("192.0.2.1")))
        .status,
    ).toBe(200);

    const attacker: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await call(auth, "/sign-in/email", { email, password: `guess ${i} xx` }, from("198.51.100.7"));
      attacker.push(last.status);
    }
    expect(attacker).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // The owner, from their own address, meanwhile: a typo is only a typo, and the right password works.
    expect((await call(auth, "/sign-in/email", { email, password: "typo" }, from("192.0.2.1"))).status).toBe(
      401,
    );
    expect(
      (await call(auth, "/sign-in/email", { email, password: PASSWORD }, from("192.0.2.1"))).status,
    ).toBe(200);

    // The next minute the attacker's address may try again.
    vi.setSystemTime(new Date("2030-01-01T00:01:05Z"));
    expect(
      (await call(auth, "/sign-in/email", { email, password: "again xx" }, from("198.51.100.7"))).status,
    ).toBe(401);
  });

  it("stop an email after 10× the limit in failures from any addresses; successes do not count", async () => {
    atMinuteStart();
    const auth = authWith(5);
    const email = uniqueEmail("sprayed");
    expect(
      (await call(auth, "/sign-up/email", { name: "S", email, password: PASSWORD }, from("192.0.2.2")))
        .status,
    ).toBe(200);
    // One address per failure: only the per-email count is in play.
    const failure = (n: number) =>
      call(
        auth,
        "/sign-in/email",
        { email, password: `guess ${n} xx` },
        from(`10.0.${Math.floor(n / 250)}.${n % 250}`),
      );
    for (let n = 1; n <= 49; n++) expect((await failure(n)).status, `failure ${n}`).toBe(401);
    expect(
      (await call(auth, "/sign-in/email", { email, password: PASSWORD }, from("192.0.2.2"))).status,
    ).toBe(200);
    expect((await failure(50)).status).toBe(401);

    const stopped = await failure(51);
    expect(stopped.status).toBe(429);
    expect(await codeOf(stopped)).toBe("TOO_MANY_ATTEMPTS");
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("keep counting every sign-up attempt per email", async () => {
    atMinuteStart();
    const auth = authWith(5);
    const email = uniqueEmail("signup");
    const statuses: number[] = [];
    for (let n = 1; n <= 6; n++)
      statuses.push(
        (await call(auth, "/sign-up/email", { name: "U", email, password: PASSWORD }, from(`203.0.113.${n}`)))
          .status,
      );
    expect(statuses).toEqual([200, 422, 422, 422, 422, 429]);
  });

  it("keep their counters in the limiter's table, under keys that hold no email or address", async () => {
    const keysOf = async (query: ReturnType<typeof sql>) =>
      ((await db.db.execute(query)) as unknown as { rows: { key: string }[] }).rows.map((row) => row.key);
    const counters = await keysOf(sql`select key from auth_rate_limits`);
    expect(counters.length).toBeGreaterThan(0);
    for (const key of counters)
      expect(key).toMatch(/^(sign-in-failures|sign-in-failures-email|sign-up-email):[0-9a-f]{64}$/);
    // Better Auth's own table holds only its per-address counters ("<ip>|<path>").
    for (const key of await keysOf(sql`select key from rate_limit`)) expect(key).toContain("|/");
  });
});
