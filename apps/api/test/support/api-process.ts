// The API as it really runs: `node --import tsx src/server.ts` in its own
// process, configured only through its environment, on port 0 unless the
// test gives API_PORT (@todo/testing reads the real port from its output).
import path from "node:path";
import { type Service, spawnService, waitUntilReady } from "@todo/testing/process";

const apiDir = path.resolve(import.meta.dirname, "../..");

export type ApiProcess = Service;

/**
 * Starts the API and resolves once it answers /ready — or once it has exited,
 * for the tests of a start that must fail (`exited`, `output()`).
 */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  // A given API_PORT is passed on as it is, even when it is wrong: start-up tests rely on that.
  const api = spawnService({ name: "api", entry: "src/server.ts", cwd: apiDir, env });
  try {
    await api.listening;
  } catch (error) {
    if (!api.running()) return api;
    await api.stop();
    throw error;
  }
  try {
    await waitUntilReady(`${api.url}/ready`, { service: api, timeoutMs: 15_000 });
  } catch (error) {
    await api.stop();
    throw error;
  }
  return api;
}
