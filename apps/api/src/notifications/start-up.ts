// What the server needs at start-up for reminders outside the page: the VAPID
// pair (from settings, or kept in DATA_DIR for the embedded database), the SMTP
// settings, and one line each in the start-up log saying what is on and why
// not. The routes get the public side; the reminder delivery gets the rest.
import type { ApiEnv } from "../env";
import type { NotificationOptions } from "../services/notifications";
import type { EmailSettings, PushSettings } from "./reminder-delivery";
import { loadVapidKeys } from "./vapid-keys";

export interface NotificationSetup {
  /** For createApp: the routes' view of it. */
  app: NotificationOptions;
  /** For createReminderDelivery. */
  push: PushSettings | null;
  email: EmailSettings | null;
}

export function setUpNotifications(
  env: Pick<ApiEnv, "vapidKeys" | "vapidSubject" | "pushAllowLoopback" | "email" | "databaseUrl" | "dataDir">,
  log: (line: string) => void = console.log,
): NotificationSetup {
  const source = loadVapidKeys({
    configured: env.vapidKeys,
    subject: env.vapidSubject,
    dataDir: env.databaseUrl ? undefined : env.dataDir,
  });
  let push: PushSettings | null = null;
  if (source.keys) {
    push = { vapid: source.keys, allowLoopback: env.pushAllowLoopback };
    const from = {
      settings: "VAPID_PUBLIC_KEY",
      generated: `a new pair kept in ${env.dataDir}`,
      "data-dir": `the pair kept in ${env.dataDir}`,
    }[source.origin];
    log(`api: web push on (key from ${from})`);
  } else log(`api: web push is off: ${source.reason}`);
  if (env.pushAllowLoopback)
    log("api: PUSH_ALLOW_LOOPBACK is on: pushes may go to loopback hosts (tests only)");
  log(env.email ? "api: reminder email on (SMTP_URL)" : "api: reminder email is off: SMTP_URL is not set");
  return {
    app: {
      pushPublicKey: push?.vapid.publicKey ?? null,
      allowLoopback: env.pushAllowLoopback,
      emailAvailable: env.email !== null,
    },
    push,
    email: env.email,
  };
}
