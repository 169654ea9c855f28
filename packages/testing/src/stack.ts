// The real stack as `npm start` runs it (`node scripts/start.mjs`: the
// compiled bundles of the web app's production server apps/web/server.ts and
// of the API's src/server.ts, rebuilt first when stale), on
// a fresh data folder — shared by the end-to-end and browser suites, so both
// test exactly what a newcomer starts.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { reservePort, type Service, spawnService, stopGroup, waitUntilReady } from "./process";

export const root = path.resolve(import.meta.dirname, "../../..");
export const webIsBuilt = existsSync(path.join(root, "apps/web/.next/BUILD_ID"));

/** A stop takes the API up to 10 s for requests in flight plus 5 s for its database; start.mjs kills at 20 s. */
const STOP_GRACE_MS = 25_000;

export interface StackProcess {
  web: string;
  api: string;
  dataDir: string;
  /** The current `node scripts/start.mjs` process. */
  readonly service: Service;
  log(): string;
  /** SIGTERM to `npm start`'s script alone (as `kill PID` sends it), which passes it on; its exit code. */
  stop(): Promise<number | null>;
  /** Starts it again on the same folder and ports. */
  restart(): Promise<void>;
  /** Ends everything it started (its whole process group) and deletes its data folder. */
  dispose(): Promise<void>;
}

/** Both services on a fresh data folder; rate limits off unless `extraEnv` turns them on. */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<StackProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "todo-stack-"));
  // The one place ports are chosen in advance: the web app is its own issuer
  // (BETTER_AUTH_URL) and each service names the other (API_URL, JWKS_URL),
  // so both addresses must exist before either starts.
  const [webPort, apiPort] = [await reservePort(), await reservePort()];
  const web = `http://127.0.0.1:${webPort}`;
  const api = `http://127.0.0.1:${apiPort}`;
  const env = {
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: dataDir,
    WEB_PORT: String(webPort),
    API_PORT: String(apiPort),
    BETTER_AUTH_URL: web,
    API_URL: api,
    AUTH_RATE_LIMIT: "0",
    API_RATE_LIMIT: "0",
    ...extraEnv,
  };
  let service: Service | undefined;

  const launch = async () => {
    // Its own process group, so that dispose() ends the services it started too.
    const started = spawnService({
      name: "the stack (scripts/start.mjs)",
      command: process.execPath,
      args: ["scripts/start.mjs"],
      cwd: root,
      env,
      group: true,
      listening: ["web", "api"],
    });
    service = started;
    await started.listening;
    const reported = started.urls;
    if (reported.web !== web || reported.api !== api)
      throw new Error(`the stack listens on ${JSON.stringify(reported)}, not on ${web} and ${api}`);
    for (const url of [`${api}/ready`, `${web}/sign-in`]) await waitUntilReady(url, { service: started });
  };

  const dispose = async () => {
    if (service) await stopGroup([service], { graceMs: STOP_GRACE_MS });
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await launch();
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    web,
    api,
    dataDir,
    get service() {
      return service as Service;
    },
    log: () => service?.output() ?? "",
    async stop() {
      if (!service) return null;
      return (await stopGroup([service], { graceMs: STOP_GRACE_MS, leaderOnly: true }))[0] ?? null;
    },
    restart: launch,
    dispose,
  };
}
