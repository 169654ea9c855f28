// The API as a benchmark starts it: exactly as `npm start` runs it (the
// compiled bundle, rebuilt first if stale, with plain `node`), or through tsx
// for comparison; with the issuer's keys, no rate limit, on a free port.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { AUDIENCE } from "./issuer";
import { onCleanup } from "./lifecycle";
import { freePort, type NodeChild, root, startNode, waitForHttp } from "./processes";

export interface BenchApiOptions {
  /** DATABASE_URL, or DATA_DIR for the embedded database. */
  databaseEnv: Record<string, string>;
  issuer: string;
  jwks: unknown;
  /** "compiled" (the default) as npm start runs it; "tsx" the sources, as `npm run dev` does. */
  runner?: "compiled" | "tsx";
  nodeOptions?: string;
  nodeArgs?: string[];
  log: (message: string) => void;
}

/** Rebuilds apps/api/dist/server.mjs if its sources are newer (what npm start does). */
export function buildApi(log: (message: string) => void): void {
  const build = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale", "api"], {
    cwd: root,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`scripts/build.mjs failed:\n${build.stdout}${build.stderr}`);
  if (build.stdout.trim()) log(build.stdout.trim());
}

/** Starts the API, stopped at clean-up; resolves once it is ready. */
export async function startBenchApi(options: BenchApiOptions): Promise<{ proc: NodeChild; base: string }> {
  const runner = options.runner ?? "compiled";
  const port = await freePort();
  if (runner === "compiled") buildApi(options.log);
  // The same command and working folder as scripts/start.mjs (or, with tsx, as apps/api's `npm run dev`).
  const proc = startNode(runner === "compiled" ? "dist/server.mjs" : "src/server.ts", {
    plain: runner === "compiled",
    cwd: path.join(root, "apps", "api"),
    env: {
      ...options.databaseEnv,
      API_PORT: String(port),
      API_RATE_LIMIT: "0",
      BETTER_AUTH_URL: options.issuer,
      API_URL: AUDIENCE,
      JWT_JWKS: JSON.stringify(options.jwks),
      JWKS_URL: `${options.issuer}/api/auth/jwks`,
      NODE_OPTIONS: options.nodeOptions ?? "",
    },
    nodeArgs: options.nodeArgs ?? [],
  });
  onCleanup(() => proc.stop());
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/ready`, proc);
  return { proc, base };
}
