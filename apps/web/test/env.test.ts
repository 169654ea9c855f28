import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../src/env";
import { safeNextPath } from "../src/lib/safe-next";
import { resolveAuthSecret, secretFilePath } from "../src/lib/secret.server";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(webDir, "../..");

function failure(source: Record<string, string>): string {
  try {
    parseEnv(source, webDir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the settings to be refused");
}

describe("parseEnv", () => {
  it("has defaults for everything", () => {
    expect(parseEnv({}, webDir)).toEqual({
      BETTER_AUTH_URL: "http://localhost:3000",
      API_URL: "http://localhost:8000",
      JWT_EXPIRES_IN: "15m",
      DATA_DIR: path.join(repoRoot, ".data"),
      WEB_PORT: 3000,
      AUTH_RATE_LIMIT: 5,
      TRUST_PROXY: false,
    });
  });

  it("resolves a relative DATA_DIR against the repository root from any folder inside it", () => {
    expect(parseEnv({ DATA_DIR: "./x" }, path.join(webDir, "src")).DATA_DIR).toBe(path.join(repoRoot, "x"));
    expect(parseEnv({ DATA_DIR: "./x" }, repoRoot).DATA_DIR).toBe(path.join(repoRoot, "x"));
    expect(parseEnv({ DATA_DIR: "/srv/todo" }, webDir).DATA_DIR).toBe("/srv/todo");
  });

  it("treats empty values as unset and trims URLs' trailing slash", () => {
    const env = parseEnv(
      { DATABASE_URL: "", API_URL: "https://api.example.com/", AUTH_RATE_LIMIT: "0" },
      webDir,
    );
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.API_URL).toBe("https://api.example.com");
    expect(env.AUTH_RATE_LIMIT).toBe(0);
  });

  it.each([
    [{ API_URL: "not-a-url" }, "API_URL"],
    [{ BETTER_AUTH_URL: "ftp://example.com" }, "BETTER_AUTH_URL"],
    [{ BETTER_AUTH_SECRET: "too-short" }, "BETTER_AUTH_SECRET"],
    [{ JWT_EXPIRES_IN: "15 minutes" }, "JWT_EXPIRES_IN"],
    [{ JWT_EXPIRES_IN: "0m" }, "JWT_EXPIRES_IN"],
    [{ WEB_PORT: "70000" }, "WEB_PORT"],
    [{ AUTH_RATE_LIMIT: "-1" }, "AUTH_RATE_LIMIT"],
    [{ AUTH_RATE_LIMIT: "2.5" }, "AUTH_RATE_LIMIT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
  ])("refuses %o with one line naming %s", (source, name) => {
    const message = failure(source);
    expect(message).toMatch(new RegExp(`^web: invalid settings: ${name}\\b`));
    expect(message).not.toContain("\n");
  });
});

describe("resolveAuthSecret", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("generates a secret once, stores it 0600 and reuses it", async () => {
    const DATA_DIR = await mkdtemp(path.join(tmpdir(), "todo-web-secret-"));
    dirs.push(DATA_DIR);
    const first = resolveAuthSecret({ DATA_DIR });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = secretFilePath({ DATA_DIR });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toBe(first);
    expect(resolveAuthSecret({ DATA_DIR })).toBe(first);
  });

  it("prefers BETTER_AUTH_SECRET and requires it with DATABASE_URL", () => {
    const secret = "s".repeat(40);
    expect(resolveAuthSecret({ DATA_DIR: "/nonexistent", BETTER_AUTH_SECRET: secret })).toBe(secret);
    expect(() => resolveAuthSecret({ DATA_DIR: "/nonexistent", DATABASE_URL: "postgres://db/todo" })).toThrow(
      "BETTER_AUTH_SECRET is required when DATABASE_URL is set",
    );
  });

  it("refuses a stored secret that is too short", async () => {
    const DATA_DIR = await mkdtemp(path.join(tmpdir(), "todo-web-secret-"));
    dirs.push(DATA_DIR);
    resolveAuthSecret({ DATA_DIR });
    await writeFile(secretFilePath({ DATA_DIR }), "short\n");
    expect(() => resolveAuthSecret({ DATA_DIR })).toThrow(ConfigError);
  });
});

describe("safeNextPath", () => {
  it.each([
    ["/tasks?status=active", "/tasks?status=active"],
    ["/", "/"],
    ["//evil.example", "/tasks"],
    ["/\\evil.example", "/tasks"],
    ["https://evil.example/", "/tasks"],
    ["javascript:alert(1)", "/tasks"],
    ["/\t/evil.example", "/tasks"],
    [undefined, "/tasks"],
    [["/a", "/b"], "/tasks"],
  ])("%o → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
