// The browser-side defences sent with every response the web app makes
// (SPEC §5, issue 4). `proxy.ts` calls this per request, because the
// Content-Security-Policy carries a fresh nonce each time and the API's
// origin and https are run-time settings; `next.config.ts` sends the static
// part for the build's immutable files, which the proxy skips.

export interface SecurityHeaderOptions {
  /** Fresh, unguessable, per response; Next.js puts it on its own scripts. */
  nonce: string;
  /** Where the browser calls the task API (API_URL's origin). */
  apiOrigin: string;
  /** The app is served over https: adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev` only: React's dev tools need eval and inline styles. Never in a build. */
  development?: boolean;
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const { nonce, development = false } = options;
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next.js loads from a nonced script are trusted; nothing else runs.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${options.apiOrigin}`,
    // The one service worker (public/sw.js), same origin only. Without this
    // the worker falls under script-src, whose 'strict-dynamic' ignores 'self'.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Headers that do not change per request: also sent for static files. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // For browsers older than CSP frame-ancestors.
  "X-Frame-Options": "DENY",
  "Permissions-Policy":
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export const HSTS = "max-age=63072000; includeSubDomains";

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    ...STATIC_SECURITY_HEADERS,
    "Content-Security-Policy": contentSecurityPolicy(options),
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** 128 random bits, base64: what CSP nonces need to be unguessable. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
