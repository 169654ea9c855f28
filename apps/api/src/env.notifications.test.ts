// The reminder delivery settings of env.ts: a VAPID pair is whole and matching
// or refused, SMTP needs a From, and no refusal echoes a secret.

import { describe, expect, it } from "vitest";
import webpush from "web-push";
import { ConfigError, loadApiEnv } from "./env";

const pair = webpush.generateVAPIDKeys();
const other = webpush.generateVAPIDKeys();

function refusal(source: Record<string, string>): string {
  try {
    loadApiEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the settings to be refused");
}

describe("notification settings", () => {
  it("are off by default", () => {
    const env = loadApiEnv({});
    expect(env).toMatchObject({ vapidKeys: undefined, pushAllowLoopback: false, email: null });
    expect(env.vapidSubject).toBe("mailto:todo@localhost");
  });

  it("take a matching VAPID pair, a subject and SMTP", () => {
    const env = loadApiEnv({
      VAPID_PUBLIC_KEY: pair.publicKey,
      VAPID_PRIVATE_KEY: pair.privateKey,
      VAPID_SUBJECT: "https://todo.example.com",
      SMTP_URL: "smtps://u:p@mail.example.com",
      SMTP_FROM: "Todo <todo@example.com>",
      PUSH_ALLOW_LOOPBACK: "true",
    });
    expect(env).toMatchObject({
      vapidKeys: pair,
      vapidSubject: "https://todo.example.com",
      pushAllowLoopback: true,
      email: { url: "smtps://u:p@mail.example.com", from: "Todo <todo@example.com>" },
    });
  });

  it("default the subject to the web app's https address", () => {
    expect(loadApiEnv({ BETTER_AUTH_URL: "https://todo.example.com" }).vapidSubject).toBe(
      "https://todo.example.com",
    );
  });

  it("refuse half a pair, a mismatched pair, bad keys and SMTP without a From, without echoing secrets", () => {
    expect(refusal({ VAPID_PUBLIC_KEY: pair.publicKey })).toContain(
      "VAPID_PRIVATE_KEY must be set together with the other VAPID key",
    );
    const mismatched = refusal({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: other.privateKey });
    expect(mismatched).toContain("VAPID_PRIVATE_KEY is not the private key of VAPID_PUBLIC_KEY");
    expect(mismatched).not.toContain(other.privateKey);
    expect(refusal({ VAPID_PUBLIC_KEY: "abc", VAPID_PRIVATE_KEY: pair.privateKey })).toContain(
      "VAPID_PUBLIC_KEY must be 65 bytes as base64url",
    );
    expect(refusal({ VAPID_SUBJECT: "http://todo.example.com" })).toContain(
      "VAPID_SUBJECT must be a mailto: or https:// URL",
    );
    const smtp = refusal({ SMTP_URL: "smtp://u:hunter2@mail.example.com" });
    expect(smtp).toContain("SMTP_FROM must be set when SMTP_URL is");
    expect(refusal({ SMTP_URL: "http://u:hunter2@mail.example.com", SMTP_FROM: "a@b.c" })).not.toContain(
      "hunter2",
    );
  });
});
