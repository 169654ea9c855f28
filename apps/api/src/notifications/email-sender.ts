// Reminder email (SPEC §9): one plain-text message through the SMTP server in
// SMTP_URL. The URL may hold a password: it goes to nodemailer and nowhere else.
import { createTransport } from "nodemailer";

export interface EmailSettings {
  /** smtp:// or smtps://, with credentials and nodemailer's query options if any. */
  url: string;
  /** The From header: `todo@example.com` or `Todo <todo@example.com>`. */
  from: string;
  /** Each of connect, greeting and idle socket; a stalled server must not hold reminders up (default 10 s). */
  timeoutMs?: number | undefined;
}

export interface ReminderEmail {
  to: string;
  title: string;
  dueAt: string | null;
  remindAt: string;
  timeZone: string;
}

export interface EmailSender {
  send(email: ReminderEmail): Promise<void>;
  close(): void;
}

/** One line: a title is the user's text and goes into a header. */
const oneLine = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();

function formatInstant(iso: string, timeZone: string): string {
  const when = new Date(iso);
  try {
    const local = new Intl.DateTimeFormat("en-GB", {
      dateStyle: "full",
      timeStyle: "short",
      timeZone,
    }).format(when);
    return `${local} (${timeZone})`;
  } catch {
    return when.toISOString();
  }
}

export function reminderText(email: ReminderEmail): { subject: string; text: string } {
  const title = oneLine(email.title);
  const due = email.dueAt ? `Due: ${formatInstant(email.dueAt, email.timeZone)}` : "No due time.";
  return {
    subject: `Reminder: ${title}`,
    text: `Reminder: ${title}\n${due}\n\nYou get this email because you turned on email reminders.\n`,
  };
}

export function createEmailSender(settings: EmailSettings): EmailSender {
  const timeout = settings.timeoutMs ?? 10_000;
  const transport = createTransport({
    url: settings.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(email) {
      const { subject, text } = reminderText(email);
      await transport.sendMail({ from: settings.from, to: email.to, subject, text });
    },
    close: () => transport.close(),
  };
}
