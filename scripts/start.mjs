#!/usr/bin/env node
// `npm start`: build the web app if its build is missing or older than its
// sources, then run the web app and the API side by side with prefixed logs.
// Ctrl-C or SIGTERM stops both; if one dies, the other is stopped too.
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
const sources = [path.join(web, "src"), path.join(root, "packages", "db", "src")];
const stale = !existsSync(buildId) || Math.max(...sources.map(newestMtime)) > statSync(buildId).mtimeMs;
if (stale) {
  console.log("[start] building the web app (next build)…");
  const build = spawnSync("npm", ["run", "build", "--workspace", "@todo/web"], {
    cwd: root,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// One data folder for both services, whatever their working directories.
const env = { ...process.env, DATA_DIR: path.resolve(root, process.env.DATA_DIR ?? ".data") };
const children = new Map();

function run(name, command, args, cwd) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    const out = stream === child.stdout ? process.stdout : process.stderr;
    createInterface({ input: stream }).on("line", (line) => out.write(`[${name}] ${line}\n`));
  }
  children.set(name, child);
  child.on("exit", (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping the others`);
      exitCode = code || 1;
      stop("SIGTERM");
    }
    if (children.size === 0) process.exit(exitCode);
  });
}

let stopping = false;
let exitCode = 0;
function stop(signal) {
  stopping = true;
  for (const child of children.values()) child.kill(signal);
}
process.on("SIGINT", () => stop("SIGTERM"));
process.on("SIGTERM", () => stop("SIGTERM"));

// apps/web/server.ts wraps Next.js so that the client address cannot be spoofed (see that file).
run("web", process.execPath, ["--import", "tsx", "server.ts"], web);
run("api", process.execPath, ["--import", "tsx", "src/server.ts"], api);
