// Defences Better Auth leaves to the application: refusing the most common
// passwords, a bounded name and sign-up email, the password on every account
// deletion, limiting failed sign-ins per email and address (its own limiter
// counts every attempt per address), always ending other sessions on a
// password change, and a standard Retry-After on every 429. The input rules
// are auth-validation's, the ones the forms run; the counters are the db
// package's limiter, on the auth set's own table.
import { createHmac } from "node:crypto";
import { authGuardCodes } from "@todo/contract/auth-codes";
import { createRateLimiter, type Database, type RateLimitDecision } from "@todo/db";
import { authRateLimits } from "@todo/db/auth-schema";
import { dictionary } from "@zxcvbn-ts/language-common";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import { type Checked, checkEmail, checkName, checkPresent, type Problem, problems } from "./auth-validation";

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
const namePaths = new Set(["/sign-up/email", "/update-user"]);
const WINDOW_MS = 60_000;
/**
 * Failed sign-ins one email may take in a window from all addresses together,
 * as a multiple of the per-address limit: a backstop against guessing from
 * many addresses, high enough that one address cannot reach it alone.
 */
const EMAIL_BACKSTOP_FACTOR = 10;

const badRequest = (problem: Problem) =>
  new APIError("BAD_REQUEST", { message: problem.message, code: problem.code });

/** The checked value, or a 400 with the rule's code (the one the forms map back to their field). */
function valid(checked: Checked): string {
  if (checked.problem) throw badRequest(checked.problem);
  return checked.value;
}

// --- counting attempts ------------------------------------------------------------

/** A counter's key: an HMAC of what it counts, so that the table never holds an email or an address. */
function counterKey(secret: string, kind: string, ...parts: string[]): string {
  return `${kind}:${createHmac("sha256", secret).update(parts.join("\0")).digest("hex")}`;
}

const tooManyAttempts = (decision: RateLimitDecision) =>
  new APIError(
    "TOO_MANY_REQUESTS",
    {
      message: "Too many attempts for this email. Try again in a minute.",
      code: authGuardCodes.tooManyAttempts,
    },
    { "Retry-After": String(decision.retryAfterSeconds) },
  );

interface Reservation {
  windowStart: number;
  keys: string[];
}

export function authGuards(options: { db: Database; attemptsPerMinute: number }): BetterAuthPlugin {
  const { attemptsPerMinute: limit } = options;
  const limiter = createRateLimiter(options.db, authRateLimits);
  // A sign-in is counted before the password is checked (so parallel guesses
  // cannot slip past the limit) and given back afterwards unless it failed:
  // only failures count, and a person's correct password never locks them out.
  const pendingSignIns = new WeakMap<object, Reservation>();
  const giveBack = ({ keys, windowStart }: Reservation) =>
    Promise.all(keys.map((key) => limiter.giveBack(key, windowStart)));

  return {
    id: "todo-auth-guards",
    hooks: {
      before: [
        {
          matcher: (ctx) => limit > 0 && ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email: unknown = ctx.body?.email;
            const request = ctx.request ?? ctx.headers;
            if (typeof email !== "string" || !request) return;
            const normalised = email.trim().toLowerCase();
            const address = getIP(request, ctx.context.options) ?? "unknown";
            const now = Date.now();
            const counters = [
              // The strict limit: this email from this address.
              { key: counterKey(ctx.context.secret, "sign-in-failures", normalised, address), limit },
              // The backstop: this email from anywhere.
              {
                key: counterKey(ctx.context.secret, "sign-in-failures-email", normalised),
                limit: limit * EMAIL_BACKSTOP_FACTOR,
              },
            ];
            // Both counters are taken at the same `now`, so in the same window, which the limiter names.
            const taken: Reservation = { windowStart: 0, keys: [] };
            for (const counter of counters) {
              const decision = await limiter.take(counter.key, counter.limit, WINDOW_MS, now);
              if (!decision.allowed) {
                await giveBack(taken);
                throw tooManyAttempts(decision);
              }
              taken.windowStart = decision.windowStart;
              taken.keys.push(counter.key);
            }
            pendingSignIns.set(request, taken);
          }),
        },
        {
          // Sign-up creates rather than guesses: every attempt counts, per email.
          matcher: (ctx) => limit > 0 && ctx.path === "/sign-up/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email: unknown = ctx.body?.email;
            if (typeof email !== "string") return;
            const key = counterKey(ctx.context.secret, "sign-up-email", email.trim().toLowerCase());
            const decision = await limiter.take(key, limit, WINDOW_MS);
            if (!decision.allowed) throw tooManyAttempts(decision);
          }),
        },
        {
          // Better Auth skips the password on a session younger than `freshAge`
          // (and on an empty one); it verifies any non-empty password it is given.
          matcher: (ctx) => ctx.path === "/delete-user",
          handler: createAuthMiddleware(async (ctx) => {
            valid(checkPresent(ctx.body?.password, problems.passwordRequired));
          }),
        },
        {
          matcher: (ctx) => ctx.path !== undefined && namePaths.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            if (ctx.path === "/update-user" && body.name === undefined) return;
            // Checked only: Better Auth normalises the address itself.
            if (ctx.path === "/sign-up/email") valid(checkEmail(body.email));
            return { context: { body: { ...body, name: valid(checkName(body.name)) } } };
          }),
        },
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in passwordFields,
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            const path = ctx.path ?? "";
            const field = passwordFields[path];
            const password = field ? body[field] : undefined;
            if (typeof password === "string" && isCommonPassword(password))
              throw new APIError("BAD_REQUEST", {
                message: "This password is one of the most common ones and easy to guess. Choose another.",
                code: authGuardCodes.passwordTooCommon,
              });
            // A new password must end every other session, whatever the client asked for.
            if (path === "/change-password")
              return { context: { body: { ...body, revokeOtherSessions: true } } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => limit > 0 && ctx.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const request = ctx.request ?? ctx.headers;
            const reservation = request && pendingSignIns.get(request);
            if (!reservation) return;
            pendingSignIns.delete(request);
            const returned: unknown = ctx.context.returned;
            // 401 is a wrong email or password; anything else (success, a malformed request) is no guess.
            if (isAPIError(returned) && returned.statusCode === 401) return;
            await giveBack(reservation);
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
