// What every benchmark does around its measurements: undo everything it set
// up (processes, databases, folders) newest first, whatever happens, also on
// Ctrl-C; and make a throwaway PostgreSQL database.
import { randomBytes } from "node:crypto";
import pg from "pg";

const cleanups: (() => Promise<void>)[] = [];

/** Registers something to undo; undone newest first by `cleanUp` (or `undoSince`). */
export function onCleanup(undo: () => Promise<void>): void {
  cleanups.push(undo);
}

/** A mark for `undoSince`: what is registered after it can be undone early. */
export function cleanupMark(): number {
  return cleanups.length;
}

/** Undoes what was registered since `mark` (one back-end's database and API, say). */
export async function undoSince(mark: number): Promise<void> {
  while (cleanups.length > mark) await cleanups.pop()?.();
}

async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const undo = cleanups.pop();
    await undo?.().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
  }
}

/** Runs `main`, then cleans up; on SIGINT/SIGTERM cleans up and exits 130; on failure exits 1. */
export function runBench(main: () => Promise<void>, log: (message: string) => void): void {
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: cleaning up`);
      cleanUp().finally(() => process.exit(130));
    });
  main()
    .then(cleanUp)
    .catch(async (error: unknown) => {
      console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await cleanUp();
      process.exitCode = 1;
    });
}

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new database `<prefix>_<random>` on the server of `adminUrl`, dropped at clean-up; its URL. */
export async function throwawayDatabase(
  adminUrl: string,
  prefix: string,
  log: (message: string) => void,
): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await asAdmin(adminUrl, `create database ${name}`);
  onCleanup(async () => {
    await asAdmin(adminUrl, `drop database if exists ${name} with (force)`);
    log(`dropped database ${name}`);
  });
  log(`created database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
