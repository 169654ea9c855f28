// The calendar feed (SPEC §10): a secret URL a calendar app subscribes to.
// The token is 256 random bits, shown once in the URL and kept only as its
// SHA-256; a new one replaces the old, and revoking deletes it. The URL is
// the credential, so it is never logged (../logger.ts redacts it).
import { createHash, randomBytes } from "node:crypto";
import { createCalendarFeedStore, type DbHandle, runOwnerWrite } from "@todo/db";
import { CalendarFeedNotFound } from "./errors";

/** 32 bytes of base64url: 43 characters of [A-Za-z0-9_-]. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export const hashFeedToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface CalendarFeedServiceOptions {
  /** The API's public origin ({API_URL}), without a trailing slash. */
  apiUrl: string;
}

export function createCalendarFeedService(handle: DbHandle, options: CalendarFeedServiceOptions) {
  const feeds = createCalendarFeedStore(handle.db);
  const base = options.apiUrl.replace(/\/+$/, "");

  return {
    /** A new secret URL; any earlier one stops working. */
    async createFeed(ownerId: string): Promise<string> {
      const token = randomBytes(32).toString("base64url");
      await runOwnerWrite(handle, ownerId, (unit) =>
        unit.calendarFeeds.setFeedForOwner(ownerId, hashFeedToken(token)),
      );
      return `${base}/calendar/${token}.ics`;
    },

    /** Idempotent: revoking a feed that is not there is not an error. */
    async revokeFeed(ownerId: string): Promise<void> {
      await runOwnerWrite(handle, ownerId, (unit) => unit.calendarFeeds.deleteFeedForOwner(ownerId));
    },

    /** Whether the owner has a feed URL, and since when (the URL itself is not kept). */
    async feedStatus(ownerId: string): Promise<{ active: boolean; createdAt: string | null }> {
      const createdAt = await feeds.getFeedCreatedAtForOwner(ownerId);
      return { active: createdAt !== undefined, createdAt: createdAt?.toISOString() ?? null };
    },

    /**
     * Whose feed a token opens, with the token's hash (the rate limit's key).
     * A malformed token is refused without a query.
     */
    async ownerOfToken(token: string): Promise<{ ownerId: string; tokenHash: string }> {
      if (!tokenPattern.test(token)) throw new CalendarFeedNotFound();
      const tokenHash = hashFeedToken(token);
      const ownerId = await feeds.findOwnerByTokenHash(tokenHash);
      if (!ownerId) throw new CalendarFeedNotFound();
      return { ownerId, tokenHash };
    },
  };
}

export type CalendarFeedService = ReturnType<typeof createCalendarFeedService>;
