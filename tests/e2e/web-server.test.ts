// The web app's own server (apps/web/server.ts) against clients that send too
// much, too slowly, or a crafted `?next=`: on the real stack, over real sockets.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCall, cookiesOf, type StackProcess, signUp, startStack, webIsBuilt } from "./support";

const MAX_BODY = 16 * 1024;

describe.skipIf(!webIsBuilt && !process.env.CI)("the web server", () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.dispose());

  /**
   * Writes `request` on a fresh connection and resolves with everything the
   * server sends before it closes (or `waitMs` passes), and how long that took.
   */
  function exchange(
    request: string | (string | Buffer)[],
    waitMs = 15_000,
  ): Promise<{ text: string; ms: number }> {
    const { hostname, port } = new URL(stack.web);
    const started = Date.now();
    return new Promise((resolve) => {
      const socket = connect(Number(port), hostname);
      let text = "";
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ text, ms: Date.now() - started });
      };
      const timer = setTimeout(done, waitMs);
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        text += chunk;
      });
      socket.on("close", done);
      // The server may close while we still write: that is the point of some of these tests.
      socket.on("error", () => {});
      for (const part of typeof request === "string" ? [request] : request) socket.write(part);
    });
  }

  const head = (lines: string[]) => `${lines.join("\r\n")}\r\n\r\n`;
  const host = () => `Host: ${new URL(stack.web).host}`;
  const origin = () => `Origin: ${stack.web}`;

  it("answers 413 with JSON to an auth request whose declared body is over 16 KiB, without waiting for it", async () => {
    const email = `big-${Date.now()}@example.test`;
    const body = JSON.stringify({ name: "x".repeat(4 * 1024 * 1024), email, password: "a long passphrase" });
    const { text } = await exchange([
      head([
        "POST /api/auth/sign-up/email HTTP/1.1",
        host(),
        origin(),
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(body)}`,
      ]),
      // Only the start of the 4 MB: the answer must not wait for the rest.
      Buffer.from(body.slice(0, 1024)),
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4))).toMatchObject({ code: "BODY_TOO_LARGE" });
    expect(
      (await authCall(stack.web, "/sign-in/email", { email, password: "a long passphrase" })).status,
    ).toBe(401);
  });

  it("answers 411 to a chunked body, whose length is not known in advance", async () => {
    const { text } = await exchange([
      head([
        "POST /api/auth/sign-in/email HTTP/1.1",
        host(),
        origin(),
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
      ]),
      // Never finished: the server must answer without waiting for the end.
      `1000\r\n${"y".repeat(4096)}\r\n`,
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 411 /);
    expect(text).toContain("LENGTH_REQUIRED");
  });

  it("passes auth bodies up to 16 KiB to Better Auth", async () => {
    const padded = { email: `fits-${Date.now()}@example.test`, password: "a long passphrase", pad: "" };
    padded.pad = "p".repeat(MAX_BODY - JSON.stringify(padded).length);
    expect(Buffer.byteLength(JSON.stringify(padded))).toBe(MAX_BODY);
    // Better Auth answers (401: no such account), so the whole body reached it and parsed.
    expect((await authCall(stack.web, "/sign-in/email", padded)).status).toBe(401);
  });

  it("refuses a name over 100 characters, and stores a 100-character one, on sign-up and update-user", async () => {
    const email = `long-${Date.now()}@example.test`;
    const tooLong = await authCall(stack.web, "/sign-up/email", {
      name: "n".repeat(101),
      email,
      password: "a long passphrase",
    });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { code: string }).code).toBe("NAME_TOO_LONG");

    const created = await authCall(stack.web, "/sign-up/email", {
      name: "n".repeat(100),
      email,
      password: "a long passphrase",
    });
    expect(created.status).toBe(200);
    const update = await authCall(stack.web, "/update-user", { name: "m".repeat(101) }, cookiesOf(created));
    expect(update.status).toBe(400);
    expect(((await update.json()) as { code: string }).code).toBe("NAME_TOO_LONG");
  });

  it("cuts off a client that does not finish its headers within 10 seconds (408)", async () => {
    const { text, ms } = await exchange(`GET /sign-in HTTP/1.1\r\n${host()}\r\n`, 20_000);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(9_000);
    expect(ms).toBeLessThan(15_000);
  }, 30_000);

  it("sends a signed-in visitor only to paths on this site after sign-in", async () => {
    const account = await signUp(stack.web, "Redirected");
    for (const next of ["/.//evil.example", "/%2e//evil.example", "/..//evil.example", "//evil.example"]) {
      const response = await fetch(`${stack.web}/sign-in?next=${encodeURIComponent(next)}`, {
        headers: { cookie: account.cookie },
        redirect: "manual",
      });
      expect([303, 307, 308], next).toContain(response.status);
      const location = new URL(response.headers.get("location") ?? "", stack.web);
      expect(location.origin, next).toBe(stack.web);
      expect(location.pathname, next).toBe("/tasks");
    }
    const kept = await fetch(`${stack.web}/sign-in?next=${encodeURIComponent("/tasks?tag=work")}`, {
      headers: { cookie: account.cookie },
      redirect: "manual",
    });
    expect(new URL(kept.headers.get("location") ?? "", stack.web).href).toBe(`${stack.web}/tasks?tag=work`);
  });
});
