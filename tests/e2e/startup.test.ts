// Start-up that explains itself, for what `npm start` runs: the compiled
// servers (apps/web/dist/server.mjs, apps/api/dist/server.mjs) and
// scripts/start.mjs around them. Whatever stops a service before it serves —
// a port in use, a missing BETTER_AUTH_SECRET — is one line naming the cause
// and a non-zero exit, and nothing ever says "listening" first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { reservePort, type Service, spawnService, stopGroup } from "@todo/testing/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, webIsBuilt } from "./support";

const started: Service[] = [];
const dirs: string[] = [];

beforeAll(() => {
  // The bundles, as `npm start` would build them (a no-op when they are current; no next build needed).
  const build = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale", "api", "web-server"], {
    cwd: root,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`scripts/build.mjs failed:\n${build.stdout}${build.stderr}`);
});

afterAll(async () => {
  await stopGroup(started, { graceMs: 5_000 });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "todo-startup-"));
  dirs.push(dir);
  return dir;
}

/** `node dist/server.mjs` in apps/<service>, as scripts/start.mjs runs it. */
function compiled(service: "web" | "api", env: Record<string, string>): Service {
  const proc = spawnService({
    name: service,
    args: ["dist/server.mjs"],
    cwd: path.join(root, "apps", service),
    env: { NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: dataDir(), ...env },
    group: true,
  });
  started.push(proc);
  return proc;
}

/** Its output's lines, without Node's own process warnings (not ours to police). */
function linesOf(service: Service): string[] {
  return service
    .output()
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !/^\(node:\d+\)|--trace-warnings/.test(line));
}

/** A port held by this process, on every address a service would listen on. */
function holdPort(): Promise<{ port: number; release: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.on("error", reject);
    server.listen(0, () =>
      resolve({
        port: (server.address() as { port: number }).port,
        release: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}

describe("start-up of the compiled servers", () => {
  it.each([
    ["web", "WEB_PORT"],
    ["api", "API_PORT"],
  ] as const)("%s: a port in use is one line naming it, and exit code 1", async (service, variable) => {
    const taken = await holdPort();
    try {
      const proc = compiled(service, { [variable]: String(taken.port) });
      expect(await proc.exited).toBe(1);
      expect(linesOf(proc)).toEqual([
        `${service}: cannot listen on port ${taken.port}: it is already in use`,
      ]);
    } finally {
      await taken.release();
    }
  });

  it("web: DATABASE_URL without BETTER_AUTH_SECRET is one line naming BETTER_AUTH_SECRET, before listening", async () => {
    // Nothing listens at this address: the secret must be missed before any connection is tried.
    const proc = compiled("web", { DATABASE_URL: "postgres://todo@127.0.0.1:9/todo" });
    expect(await proc.exited).not.toBe(0);
    const lines = linesOf(proc);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^web: .*BETTER_AUTH_SECRET/);
    expect(proc.output()).not.toContain("listening");
  });
});

describe.skipIf(!webIsBuilt && !process.env.CI)("npm start with a port in use", () => {
  it("stops the other service and exits non-zero, saying which port", async () => {
    const taken = await holdPort();
    try {
      const apiPort = await reservePort();
      const stack = spawnService({
        name: "the stack (scripts/start.mjs)",
        args: ["scripts/start.mjs"],
        cwd: root,
        env: {
          NEXT_TELEMETRY_DISABLED: "1",
          DATA_DIR: dataDir(),
          WEB_PORT: String(taken.port),
          API_PORT: String(apiPort),
          BETTER_AUTH_URL: `http://127.0.0.1:${taken.port}`,
          API_URL: `http://127.0.0.1:${apiPort}`,
        },
        group: true,
      });
      started.push(stack);
      expect(await stack.exited).toBe(1);
      const output = stack.output();
      expect(output).toContain(`web: cannot listen on port ${taken.port}: it is already in use`);
      expect(output).toContain("[start] web exited (1)");
      expect(output).not.toMatch(/web: listening/);
    } finally {
      await taken.release();
    }
  });
});
