// Fires reminders (SPEC §9): once a second, claim what is due, record each as
// a `reminder` event in its owner's feed (the streams send it), and hand it
// to delivery (Web Push, email). Every API process runs one; the claim skips
// rows another process holds, so each reminder fires exactly once, within
// about a second of its time.
import { type DbHandle, type FiredReminder, fireDueReminders } from "@todo/db";
import type { Logger } from "./logger";

export interface ReminderSchedulerOptions {
  db: DbHandle;
  /** Sends a batch of fired reminders on (push, email); must not throw. */
  deliver?: (reminders: FiredReminder[]) => Promise<void>;
  logger: Logger;
  intervalMs?: number;
  /** Most reminders claimed per tick; the next tick takes the rest at once. */
  batch?: number;
}

export function startReminderScheduler(options: ReminderSchedulerOptions) {
  const intervalMs = options.intervalMs ?? 1_000;
  const batch = options.batch ?? 500;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    for (;;) {
      let fired: FiredReminder[];
      try {
        fired = await fireDueReminders(options.db, batch);
      } catch (error) {
        // The database is down or busy: the reminders stay unclaimed for the next tick.
        options.logger.error({ err: error }, "reminder scheduler: claiming due reminders failed");
        return;
      }
      const deliver = options.deliver;
      if (deliver) await deliver(fired).catch(() => {});
      if (fired.length < batch || stopped) return;
    }
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick().finally(() => {
      running = undefined;
    });
  }, intervalMs);
  timer.unref();

  return {
    /** Stops claiming; resolves when the tick in progress (if any) is done. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
