// Defences Better Auth leaves to the application: refusing the most common
// passwords, limiting sign-in and sign-up attempts per email (its own limiter
// counts per IP), always ending other sessions on a password change, and a
// standard Retry-After on every 429.
import { createHash } from "node:crypto";
import type { Database } from "@todo/db";
import { dictionary } from "@zxcvbn-ts/language-common";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { sql } from "drizzle-orm";

// zxcvbn's list of leaked passwords (about 18,000 of them 8+ characters long).
let common: Set<string> | undefined;
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].filter((p) => p.length >= 8));
  return common.has(password.toLowerCase());
}

const passwordFields: Record<string, string> = {
  "/sign-up/email": "password",
  "/change-password": "newPassword",
  "/reset-password": "newPassword",
  "/set-password": "newPassword",
};
const attemptPaths = new Set(["/sign-in/email", "/sign-up/email"]);
const WINDOW_MS = 60_000;

/** One atomic upsert in Better Auth's rate_limit table, keyed by a hash of the address (never the address itself). */
async function consumeEmailAttempt(db: Database, email: string, limit: number) {
  const now = Date.now();
  const windowStart = now - (now % WINDOW_MS);
  const key = `email:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
  const result = await db.execute<{ count: number }>(sql`
    insert into rate_limit (id, key, count, last_request)
    values (${key}, ${key}, 1, ${windowStart})
    on conflict (key) do update set
      count = case when rate_limit.last_request = excluded.last_request then rate_limit.count + 1 else 1 end,
      last_request = excluded.last_request
    returning count`);
  const count = Number((result as unknown as { rows: { count: number }[] }).rows[0]?.count ?? 1);
  return {
    allowed: count <= limit,
    retryAfter: Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)),
  };
}

export function authGuards(options: { db: Database; attemptsPerMinute: number }): BetterAuthPlugin {
  return {
    id: "todo-auth-guards",
    hooks: {
      before: [
        {
          matcher: (ctx) =>
            ctx.path !== undefined && (ctx.path in passwordFields || attemptPaths.has(ctx.path)),
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            const path = ctx.path ?? "";
            if (
              attemptPaths.has(ctx.path) &&
              options.attemptsPerMinute > 0 &&
              typeof body.email === "string"
            ) {
              const { allowed, retryAfter } = await consumeEmailAttempt(
                options.db,
                body.email,
                options.attemptsPerMinute,
              );
              if (!allowed)
                throw new APIError(
                  "TOO_MANY_REQUESTS",
                  {
                    message: "Too many attempts for this email. Try again in a minute.",
                    code: "TOO_MANY_ATTEMPTS",
                  },
                  { "Retry-After": String(retryAfter) },
                );
            }
            const field = passwordFields[path];
            const password = field ? body[field] : undefined;
            if (typeof password === "string" && isCommonPassword(password))
              throw new APIError("BAD_REQUEST", {
                message: "This password is one of the most common ones and easy to guess. Choose another.",
                code: "PASSWORD_TOO_COMMON",
              });
            // A new password must end every other session, whatever the client asked for.
            if (path === "/change-password")
              return { context: { body: { ...body, revokeOtherSessions: true } } };
          }),
        },
      ],
    },
  };
}

/**
 * Better Auth's own IP limiter answers 429 with only X-Retry-After, and
 * before any plugin hook runs; clients and RFC 9110 expect Retry-After.
 */
export async function withRetryAfter(response: Response): Promise<Response> {
  const retryAfter = response.headers.get("x-retry-after");
  if (response.status !== 429 || !retryAfter || response.headers.has("retry-after")) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", retryAfter);
  return new Response(response.body, { status: 429, statusText: response.statusText, headers });
}
