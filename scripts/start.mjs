#!/usr/bin/env node
// `npm start`: build the web app if its build is missing or older than its
// sources, then run the web app and the API side by side with prefixed logs.
// Ctrl-C or SIGTERM is passed on to both, and this exits 0 once both have
// stopped cleanly; if one dies, the other is stopped too.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "apps", "web");
const api = path.join(root, "apps", "api");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".next") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const buildId = path.join(web, ".next", "BUILD_ID");
const sources = [
  path.join(web, "src"),
  path.join(root, "packages", "config", "src"),
  path.join(root, "packages", "contract", "src"),
  path.join(root, "packages", "db", "src"),
];
const stale = !existsSync(buildId) || Math.max(...sources.map(newestMtime)) > statSync(buildId).mtimeMs;
if (stale) {
  console.log("[start] building the web app (next build)…");
  const build = spawnSync("npm", ["run", "build", "--workspace", "@todo/web"], {
    cwd: root,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
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
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
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
run("web", process.execPath, ["--import", "tsx", "server.ts"], web);
run("api", process.execPath, ["--import", "tsx", "src/server.ts"], api);
