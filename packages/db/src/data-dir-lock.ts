// PGlite is PostgreSQL in one process with no postmaster to arbitrate: two
// processes writing one data folder corrupt it. A lock file, created
// exclusively and naming its owner's pid, makes the second one stop instead.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

export const LOCK_FILE = "todo.lock";

/** Another live process holds the folder; the message is the one line a person needs. */
export class DataDirInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly ownerPid: number,
  ) {
    super(
      `the embedded database in ${folder} is in use by process ${ownerPid}; stop that process or give this one its own DATA_DIR`,
    );
    this.name = "DataDirInUseError";
  }
}

export interface DataDirLock {
  release(): void;
}

interface LockContent {
  pid: number;
  nonce: string;
}

function readLock(file: string): LockContent | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    const { pid, nonce } = value as Partial<LockContent>;
    if (typeof pid === "number" && Number.isInteger(pid) && pid > 0 && typeof nonce === "string")
      return { pid, nonce };
  } catch {
    // missing, half-written or foreign: treated as no owner below
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  // Our own pid in a lock we did not just write means a previous process with
  // the same number (containers restart pid numbering) died without cleaning up.
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Start-up is synchronous (createDb), so the wait is too. */
function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryCreate(file: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(content));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the folder for this process or throws DataDirInUseError. A lock left
 * by a process that no longer runs (killed, crashed) is taken over.
 */
export function lockDataDir(folder: string): DataDirLock {
  const file = path.join(folder, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, nonce: randomBytes(8).toString("hex") };

  for (let attempt = 0; !tryCreate(file, mine); attempt++) {
    if (attempt >= 10) throw new Error(`cannot take the lock file ${file}`);
    const holder = readLock(file);
    if (holder && isAlive(holder.pid)) throw new DataDirInUseError(folder, holder.pid);
    // An unreadable lock is either being written this instant by a process
    // starting alongside us, or was left empty by a crash: wait a little
    // before judging it stale.
    if (!holder && attempt < 5) {
      sleep(50);
      continue;
    }
    // Move the stale file aside rather than deleting it, then check that what
    // moved is what we judged stale: if another starter replaced it in between,
    // put theirs back and let them have the folder.
    const aside = `${file}.stale-${mine.nonce}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readLock(aside);
    if (moved?.nonce !== holder?.nonce) {
      try {
        renameSync(aside, file);
      } catch {
        // they are gone too; the next attempt sorts it out
      }
      continue;
    }
    unlinkSync(aside);
  }

  const releaseOnExit = () => release();
  function release() {
    process.removeListener("exit", releaseOnExit);
    // Only our own lock: never delete a file another process has since created.
    if (readLock(file)?.nonce !== mine.nonce) return;
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  // A process that exits without closing the database (process.exit in a
  // framework's signal handler) still frees the folder.
  process.on("exit", releaseOnExit);
  return { release };
}
