// The process helpers against small real servers: port 0 read back from the
// output, a start that fails, the ready-wait, and the stop with its grace.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  reservePort,
  type Service,
  spawnService,
  startService,
  stopGroup,
  waitUntilReady,
} from "../src/process";

/** A node:http server on $API_PORT that says where it listens; with IGNORE_TERM it shrugs off SIGTERM. */
const server = `
const http = require("node:http");
const s = http.createServer((q, r) => {
  if (q.url === "/ready" && Date.now() < Number(process.env.NOT_READY_UNTIL ?? 0)) r.statusCode = 503;
  r.end("ok");
});
s.listen(Number(process.env.API_PORT), () => console.log("api: listening on http://localhost:" + s.address().port));
if (process.env.IGNORE_TERM) process.on("SIGTERM", () => console.log("not stopping"));
else process.on("SIGTERM", () => s.close(() => process.exit(0)));
`;

const started: Service[] = [];
const track = (service: Service) => {
  started.push(service);
  return service;
};
afterAll(() => stopGroup(started, { graceMs: 1_000 }));

describe("startService", () => {
  it("starts on port 0 and reads the real port from the service's own line", async () => {
    const service = track(await startService({ args: ["-e", server] }));
    expect(service.port).toBeGreaterThan(0);
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
    expect(service.urls).toEqual({ api: service.url });
    expect(await (await fetch(service.url)).text()).toBe("ok");
    expect(await service.stop()).toBe(0);
  });

  it("passes a given port on as it is", async () => {
    const port = await reservePort();
    const service = track(await startService({ args: ["-e", server], env: { API_PORT: String(port) } }));
    expect(service.port).toBe(port);
    await service.stop();
  });

  it("rejects with the output when the process exits before it listens", async () => {
    await expect(
      startService({ args: ["-e", "console.error('bad setting'); process.exit(1)"] }),
    ).rejects.toThrow(/exited \(1\) before it was listening:\nbad setting/);
  });

  it("spawnService leaves a failed start to the caller", async () => {
    const service = track(spawnService({ args: ["-e", "console.error('one line'); process.exit(1)"] }));
    expect(await service.exited).toBe(1);
    expect(service.output()).toBe("one line\n");
    expect(() => service.url).toThrow(/exited before it was listening/);
  });
});

describe("waitUntilReady", () => {
  it("polls until the URL answers 2xx and counts the attempts", async () => {
    const service = track(
      await startService({ args: ["-e", server], env: { NOT_READY_UNTIL: String(Date.now() + 500) } }),
    );
    const attempts = await waitUntilReady(`${service.url}/ready`, { service, intervalMs: 50 });
    expect(attempts).toBeGreaterThan(1);
    await service.stop();
  });

  it("fails at once, with the output, when the process has exited", async () => {
    const service = track(spawnService({ args: ["-e", "console.log('gone')"] }));
    await service.exited;
    await expect(waitUntilReady("http://127.0.0.1:9/ready", { service })).rejects.toThrow(
      /exited \(0\).*\ngone/s,
    );
  });
});

/** Running, as opposed to gone or a zombie its new parent has not reaped yet. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("stopGroup", () => {
  it("SIGTERMs every one, SIGKILLs one that ignores it after the grace, and gives their exit codes", async () => {
    const polite = track(await startService({ args: ["-e", server] }));
    const stubborn = track(await startService({ args: ["-e", server], env: { IGNORE_TERM: "1" } }));
    const started = Date.now();
    expect(await stopGroup([polite, stubborn], { graceMs: 500 })).toEqual([0, null]);
    expect(stubborn.child.signalCode).toBe("SIGKILL");
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("ends a whole process group, grandchildren included", async () => {
    const parent = `
const { spawn } = require("node:child_process");
const c = spawn(process.execPath, ["-e", ${JSON.stringify(server)}], { stdio: "inherit", env: { ...process.env, IGNORE_TERM: "1" } });
console.log("child " + c.pid);
process.on("SIGTERM", () => process.exit(0));
`;
    const service = track(await startService({ args: ["-e", parent], group: true }));
    const child = Number(/child (\d+)/.exec(service.output())?.[1]);
    expect(alive(child)).toBe(true);
    expect(await stopGroup([service], { graceMs: 500 })).toEqual([0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(child)).toBe(false);
  });
});
