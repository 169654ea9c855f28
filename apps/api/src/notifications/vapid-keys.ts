// Where the VAPID key pair comes from. Every subscription is bound to the
// public key it was made with, so the pair must outlive restarts and be the
// same in every API process:
// - configured (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY): used as they are;
// - embedded database: generated once and kept beside it in DATA_DIR, so
//   `npm start` on a bare machine has push with nothing to set;
// - PostgreSQL without keys: off. Several processes generating their own pairs
//   would each refuse the others' subscriptions, so nothing is guessed.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export const VAPID_KEY_FILE = "api-vapid-keys.json";

export type VapidKeySource =
  | { keys: VapidKeys; origin: "settings" | "generated" | "data-dir" }
  | { keys: null; reason: string };

function readKeyFile(file: string): { publicKey: string; privateKey: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${file} is not a readable VAPID key file; delete it to have a new pair made`);
  }
  const keys = parsed as { publicKey?: unknown; privateKey?: unknown };
  if (typeof keys.publicKey !== "string" || typeof keys.privateKey !== "string")
    throw new Error(`${file} is not a readable VAPID key file; delete it to have a new pair made`);
  // Someone may have copied it with looser rights: it holds a private key.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}

export function loadVapidKeys(options: {
  configured: { publicKey: string; privateKey: string } | undefined;
  subject: string;
  /** The embedded database's DATA_DIR; undefined with DATABASE_URL. */
  dataDir: string | undefined;
}): VapidKeySource {
  const { configured, subject, dataDir } = options;
  if (configured) return { keys: { ...configured, subject }, origin: "settings" };
  if (dataDir === undefined)
    return {
      keys: null,
      reason:
        "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set (with DATABASE_URL every API process needs the same pair: make one with `npx web-push generate-vapid-keys`)",
    };
  const file = path.join(dataDir, VAPID_KEY_FILE);
  const kept = readKeyFile(file);
  if (kept) return { keys: { ...kept, subject }, origin: "data-dir" };
  mkdirSync(dataDir, { recursive: true });
  const made = webpush.generateVAPIDKeys();
  try {
    // wx: if another start got here first, its pair wins and is read back.
    writeFileSync(file, `${JSON.stringify(made)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const raced = readKeyFile(file);
    if (raced) return { keys: { ...raced, subject }, origin: "data-dir" };
  }
  return { keys: { publicKey: made.publicKey, privateKey: made.privateKey, subject }, origin: "generated" };
}
