// Runs before every page, route handler and RSC request (Next.js 16's proxy,
// formerly middleware): sets the security headers with a per-request CSP
// nonce, and sends visitors without a session cookie on guarded pages to
// sign-in. The cookie check is only a fast first pass: each guarded page
// also checks the session on the server.
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { getEnv } from "@/env";
import { newNonce, securityHeaders } from "@/lib/security-headers";

const GUARDED = ["/tasks", "/account"];

export function proxy(request: NextRequest) {
  const { API_URL, BETTER_AUTH_URL } = getEnv();
  const headers = securityHeaders({
    nonce: newNonce(),
    apiOrigin: new URL(API_URL).origin,
    // The public URL is https (TLS ended in front of us) or the request itself came over https.
    https: BETTER_AUTH_URL.startsWith("https:") || request.nextUrl.protocol === "https:",
    development: process.env.NODE_ENV === "development",
  });
  const csp = headers["Content-Security-Policy"] ?? "";

  const { pathname, search } = request.nextUrl;
  const guarded = GUARDED.some((path) => pathname === path || pathname.startsWith(`${path}/`));
  let response: NextResponse;
  if (guarded && !getSessionCookie(request)) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("next", `${pathname}${search}`);
    response = NextResponse.redirect(signIn);
  } else {
    // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything except the build's immutable files (next.config.ts gives those the static headers).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
