// Where the VAPID pair comes from: settings win; the embedded database gets a
// pair made once and kept (mode 0600); PostgreSQL without keys has push off.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { setUpNotifications } from "./start-up";
import { loadVapidKeys, VAPID_KEY_FILE } from "./vapid-keys";

describe("loadVapidKeys", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "todo-vapid-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const subject = "mailto:ops@example.com";

  it("makes a pair once for the embedded database, keeps it private, and reads it back", () => {
    const dataDir = path.join(scratch, "fresh");
    const first = loadVapidKeys({ configured: undefined, subject, dataDir });
    expect(first).toMatchObject({ origin: "generated", keys: { subject } });
    const file = path.join(dataDir, VAPID_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadVapidKeys({ configured: undefined, subject, dataDir });
    expect(second).toMatchObject({ origin: "data-dir" });
    expect(second.keys).toEqual(first.keys);
    expect(Buffer.from(second.keys?.publicKey ?? "", "base64url")).toHaveLength(65);
  });

  it("takes configured keys over a kept pair", () => {
    const dataDir = path.join(scratch, "fresh");
    const configured = { publicKey: "pub", privateKey: "priv" };
    expect(loadVapidKeys({ configured, subject, dataDir })).toEqual({
      origin: "settings",
      keys: { ...configured, subject },
    });
  });

  it("tightens a kept file's rights and refuses one it cannot read", () => {
    const dataDir = path.join(scratch, "loose");
    loadVapidKeys({ configured: undefined, subject, dataDir });
    const file = path.join(dataDir, VAPID_KEY_FILE);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text, { mode: 0o644 });
    rmSync(file);
    writeFileSync(file, text, { mode: 0o644 });
    loadVapidKeys({ configured: undefined, subject, dataDir });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "{not json");
    expect(() => loadVapidKeys({ configured: undefined, subject, dataDir })).toThrow(/delete it/);
  });

  it("turns push off with PostgreSQL and no keys, and says so at start-up", () => {
    expect(loadVapidKeys({ configured: undefined, subject, dataDir: undefined })).toMatchObject({
      keys: null,
      reason: expect.stringMatching(/VAPID_PUBLIC_KEY/),
    });
    const lines: string[] = [];
    const setup = setUpNotifications(
      {
        vapidKeys: undefined,
        vapidSubject: subject,
        pushAllowLoopback: false,
        email: null,
        databaseUrl: "postgres://db.invalid/todo",
        dataDir: scratch,
      },
      (line) => lines.push(line),
    );
    expect(setup).toEqual({
      app: { pushPublicKey: null, allowLoopback: false, emailAvailable: false },
      push: null,
      email: null,
    });
    expect(lines).toEqual([
      expect.stringMatching(/^api: web push is off: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set/),
      "api: reminder email is off: SMTP_URL is not set",
    ]);
  });
});
