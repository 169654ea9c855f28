// Accounts whose data was erased (DELETE /api/me). Their access tokens stay
// valid until they expire, and the API keeps no session to revoke: this row
// is what stops such a token from creating anything that nobody could ever
// erase again.
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const deletedAccounts = pgTable("deleted_accounts", {
  ownerId: text("owner_id").primaryKey(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
});
