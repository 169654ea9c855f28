#!/usr/bin/env node
// `npm start`: build what is missing or older than its sources (scripts/build.mjs:
// the web app's next build and the two servers' bundles), then run both
// services as plain JavaScript, `node apps/web/dist/server.mjs` and
// `node apps/api/dist/server.mjs`. Ctrl-C or SIGTERM is passed on to both, and
// this exits 0 once both have stopped cleanly; if one dies, the other is
// stopped too.
//
// Logs: the services write straight to this process's stdout and stderr
// (their request logs are JSON lines with a "service" field, their start and
// stop lines begin with "web:" or "api:"), so no process reads every line on
// its way out. `--prefix` puts "[web] "/"[api] " before every line instead, through
// this process: for a terminal, not for load (docs/decisions/0006-compiled-start.md).
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { BuildError, build, root } from "./build.mjs";

const web = path.join(root, "apps", "web");
const api = path.join(root, "apps", "api");

const options = process.argv.slice(2);
for (const option of options)
  if (option !== "--prefix") {
    console.error(`[start] unknown option ${option} (the only one is --prefix)`);
    process.exit(2);
  }
const prefix = options.includes("--prefix");

try {
  await build({ ifStale: true });
} catch (error) {
  console.error(`[start] ${error instanceof BuildError ? error.message : (error?.stack ?? String(error))}`);
  process.exit(1);
}

// One data folder for both services, whatever their working directories:
// each resolves DATA_DIR (unset or empty: ./.data) against this monorepo's
// root itself, with @todo/config's resolveDataDir.
const env = process.env;
const children = new Map();
// A stop takes the API up to 10 s for requests in flight plus 5 s to close
// its database; past this, whatever is left is killed.
const STOP_DEADLINE_MS = 20_000;

function run(name, command, args, cwd) {
  // Same process group: whoever signals the group (a terminal's Ctrl-C, a
  // test harness) reaches the services directly too, so a signal passed on
  // below may arrive twice, and a service must take a repeat as the same stop
  // (the API does).
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: prefix ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
  if (prefix)
    for (const stream of [child.stdout, child.stderr]) {
      const out = stream === child.stdout ? process.stdout : process.stderr;
      createInterface({ input: stream }).on("line", (line) => out.write(`[${name}] ${line}\n`));
    }
  children.set(name, child);
  // "close", not "exit": the child's last lines are printed before we go.
  child.on("close", (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping the others`);
      exitCode = code || 1;
      stop("SIGTERM");
    } else if (!stoppedCleanly(code, signal)) {
      console.error(`[start] ${name} did not stop cleanly (${signal ?? code})`);
      exitCode = 1;
    }
    if (children.size === 0) process.exit(exitCode);
  });
}

/** Exit 0, or the conventional code or signal of a process that ended because it was told to. */
function stoppedCleanly(code, signal) {
  return code === 0 || code === 130 || code === 143 || signal === "SIGTERM" || signal === "SIGINT";
}

let stopping = false;
let exitCode = 0;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
  setTimeout(() => {
    for (const [name, child] of children) {
      console.error(`[start] ${name} still running after ${STOP_DEADLINE_MS / 1000} s; killing it`);
      child.kill("SIGKILL");
    }
    exitCode = 1;
  }, STOP_DEADLINE_MS).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGHUP", () => stop("SIGTERM"));
// Whoever started us is gone (npm killed, a terminal closed without a
// signal reaching us): stop rather than run on unowned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop("SIGTERM");
}, 1_000).unref();
// Should this script itself fail, it must not leave the services running.
process.on("exit", () => {
  for (const child of children.values()) child.kill("SIGTERM");
});

// apps/web/server.ts wraps Next.js so that the client address cannot be spoofed (see that file).
run("web", process.execPath, ["dist/server.mjs"], web);
run("api", process.execPath, ["dist/server.mjs"], api);
