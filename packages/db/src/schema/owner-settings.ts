// What the API keeps about an owner besides their data: their time zone,
// which decides what "today" is. No row means the defaults.
import { boolean, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const ownerSettings = pgTable("owner_settings", {
  ownerId: text("owner_id").primaryKey(),
  timeZone: text("time_zone").notNull().default("UTC"),
  // Reminders by email too (when the server has SMTP_URL): off until the user turns it on.
  emailReminders: boolean("email_reminders").notNull().default(false),
  // Where reminder emails go: the address the owner's token carried when they
  // turned email on (the API holds no other copy of it); null while off.
  emailAddress: text("email_address"),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
