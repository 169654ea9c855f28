#!/usr/bin/env node
// `npm run build`: everything `npm start` runs, as plain JavaScript.
//
//   web         next build                    → apps/web/.next
//   web-server  apps/web/server.ts (esbuild)   → apps/web/dist/server.mjs
//   api         apps/api/src/server.ts (esbuild) → apps/api/dist/server.mjs
//
// The two servers are bundled with their own sources and the workspace
// packages' TypeScript (@todo/config, @todo/contract, @todo/db); every npm
// package stays an ordinary import from node_modules, so Next.js, PGlite (its
// WebAssembly and extension files), pg and pino load exactly as they do
// unbundled. Building needs the dev dependencies (esbuild, and TypeScript for
// next build); running the output does not (docs/decisions/0006-compiled-start.md).
//
// Usage: node scripts/build.mjs [--if-stale] [web|web-server|api …]
// --if-stale builds only what is missing or older than its sources (what
// `npm start` does); the default is to build every named target (all of them).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (...parts) => path.join(root, ...parts);

const packageSources = ["config", "contract", "db", "quick-add", "recurrence"].map((name) =>
  at("packages", name, "src"),
);

/** What each target is made from; a target is stale when any of these is newer than its output. */
export const targets = {
  web: {
    output: at("apps", "web", ".next", "BUILD_ID"),
    sources: [at("apps", "web", "src"), at("apps", "web", "next.config.ts"), ...packageSources],
  },
  "web-server": {
    entry: at("apps", "web", "server.ts"),
    output: at("apps", "web", "dist", "server.mjs"),
    sources: [
      at("apps", "web", "server.ts"),
      at("apps", "web", "src"),
      at("apps", "web", "tsconfig.json"),
      ...packageSources,
      fileURLToPath(import.meta.url),
    ],
  },
  api: {
    entry: at("apps", "api", "src", "server.ts"),
    output: at("apps", "api", "dist", "server.mjs"),
    sources: [at("apps", "api", "src"), ...packageSources, fileURLToPath(import.meta.url)],
  },
};

function newestMtime(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(file, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === ".next" || entry.name === "dist") continue;
    newest = Math.max(newest, newestMtime(path.join(file, entry.name)));
  }
  return newest;
}

/** True when the target's output is missing or older than one of its sources. */
export function isStale(name) {
  const target = targets[name];
  if (!existsSync(target.output)) return true;
  return Math.max(...target.sources.map(newestMtime)) > statSync(target.output).mtimeMs;
}

/**
 * Every npm package and Node built-in stays an import; only relative paths,
 * the workspace packages (@todo/…) and the web app's `@/…` alias are bundled.
 */
const keepPackagesExternal = {
  name: "keep-packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@todo/") || args.path.startsWith("@/")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

async function loadEsbuild(names = []) {
  try {
    return await import("esbuild");
  } catch {
    const what = names.map((name) =>
      name === "web" ? "apps/web/.next" : path.relative(root, targets[name].output),
    );
    throw new BuildError(
      `cannot build ${what.join(" and ")} (missing or older than the sources): the dev dependencies are not installed (npm ci --omit=dev?); run \`npm run build\` where they are first`,
    );
  }
}

export class BuildError extends Error {}

async function bundle(name) {
  const { build } = await loadEsbuild([name]);
  const target = targets[name];
  await build({
    entryPoints: [target.entry],
    outfile: target.output,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    // Node resolves the external packages from the output's folder upwards: apps/*/dist → the root's node_modules.
    plugins: [keepPackagesExternal],
    logLevel: "warning",
  });
}

function nextBuild() {
  const result = spawnSync("npm", ["run", "build", "--workspace", "@todo/web"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new BuildError(`next build failed (${result.signal ?? result.status})`);
}

/**
 * Builds the named targets (all by default), or with `ifStale` only those
 * that are stale; resolves with the names built. `log` gets one line per target.
 */
export async function build({ names = Object.keys(targets), ifStale = false, log = console.log } = {}) {
  for (const name of names)
    if (!(name in targets))
      throw new BuildError(`unknown build target ${name} (${Object.keys(targets).join(", ")})`);
  const pending = ifStale ? names.filter(isStale) : names;
  // Without the dev dependencies (npm ci --omit=dev) nothing can be built, and
  // next build would try to install TypeScript: say so before starting anything.
  if (pending.length > 0) await loadEsbuild(pending);
  for (const name of pending) {
    const started = performance.now();
    log(`[build] ${name}: ${name === "web" ? "next build" : path.relative(root, targets[name].output)}…`);
    if (name === "web") nextBuild();
    else await bundle(name);
    log(`[build] ${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return pending;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const ifStale = args.includes("--if-stale");
  const names = args.filter((arg) => !arg.startsWith("--"));
  build({ names: names.length > 0 ? names : undefined, ifStale }).catch((error) => {
    console.error(`[build] ${error instanceof BuildError ? error.message : (error?.stack ?? String(error))}`);
    process.exit(1);
  });
}
