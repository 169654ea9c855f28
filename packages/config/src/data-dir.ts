import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * DATA_DIR is resolved against the monorepo root (the nearest folder at or
 * above the working directory whose package.json declares `workspaces`), so
 * `./.data` names the same folder whether the app is started from the root
 * (`npm start`) or from apps/web (`npm run start -w @todo/web`, `next start`).
 * Outside a workspace it falls back to the working directory. Absolute paths
 * are used as they are.
 */
export function resolveDataDir(dataDir: string, cwd: string = process.cwd()): string {
  if (path.isAbsolute(dataDir)) return path.normalize(dataDir);
  return path.resolve(findWorkspaceRoot(cwd) ?? cwd, dataDir);
}

function findWorkspaceRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        const pkg: unknown = JSON.parse(readFileSync(manifest, "utf8"));
        if (typeof pkg === "object" && pkg !== null && "workspaces" in pkg) return dir;
      } catch {
        // an unreadable package.json is not a workspace root; keep looking
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
