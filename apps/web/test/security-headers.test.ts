import { describe, expect, it } from "vitest";
import { describeAuthFailure, newPasswordProblem } from "../src/lib/auth-errors";
import { contentSecurityPolicy, newNonce, securityHeaders } from "../src/lib/security-headers";
import { signInHref } from "../src/lib/sign-in-redirect";

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

describe("security headers", () => {
  const base = { nonce: "abc123==", apiOrigin: "https://api.example.com", https: false };

  it("allows scripts only with the response's nonce, never eval or inline", () => {
    const csp = directives(contentSecurityPolicy(base));
    expect(csp.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp.get("style-src")).toBe("'self' 'nonce-abc123=='");
    for (const value of csp.values()) {
      expect(value).not.toContain("unsafe-eval");
      expect(value).not.toContain("unsafe-inline");
    }
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
  });

  it("lets the page call the API's origin and nothing else", () => {
    expect(directives(contentSecurityPolicy(base)).get("connect-src")).toBe("'self' https://api.example.com");
  });

  it("allows only this origin's service worker and manifest", () => {
    const csp = directives(contentSecurityPolicy(base));
    expect(csp.get("worker-src")).toBe("'self'");
    expect(csp.get("manifest-src")).toBe("'self'");
  });

  it("refuses framing, sniffing and powerful features", () => {
    const headers = securityHeaders(base);
    expect(directives(headers["Content-Security-Policy"] ?? "").get("frame-ancestors")).toBe("'none'");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toMatch(/camera=\(\)/);
  });

  it("sends HSTS and upgrades requests only over https", () => {
    expect(securityHeaders(base)).not.toHaveProperty("Strict-Transport-Security");
    expect(contentSecurityPolicy(base)).not.toContain("upgrade-insecure-requests");
    const https = securityHeaders({ ...base, https: true });
    expect(https["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("relaxes only `next dev`", () => {
    const dev = directives(contentSecurityPolicy({ ...base, development: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("auth errors at their field", () => {
  const failure = (code: string | undefined, status = 400, message = "server says") => ({
    status,
    code,
    message,
  });

  it("puts each Better Auth error at the input it is about", () => {
    expect(describeAuthFailure(failure("INVALID_EMAIL_OR_PASSWORD", 401), "x").target).toBe("credentials");
    expect(describeAuthFailure(failure("USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", 422), "x").target).toBe(
      "email",
    );
    expect(describeAuthFailure(failure("INVALID_PASSWORD"), "x").target).toBe("current-password");
    expect(describeAuthFailure(failure("PASSWORD_TOO_SHORT"), "x").target).toBe("new-password");
    expect(describeAuthFailure(failure("PASSWORD_TOO_COMMON", 400, "Too common."), "x")).toEqual({
      target: "new-password",
      message: "Too common.",
    });
  });

  it("explains limits and lost connections in plain words", () => {
    expect(describeAuthFailure(failure("TOO_MANY_ATTEMPTS", 429), "x").message).toMatch(/wait a minute/);
    expect(describeAuthFailure(failure(undefined, 0), "x").message).toMatch(/Cannot reach the server/);
    expect(describeAuthFailure(failure(undefined, 500, ""), "Fallback.")).toEqual({
      target: "form",
      message: "Fallback.",
    });
  });

  it("checks a new password's length as the server does", () => {
    expect(newPasswordProblem("short")).toMatch(/at least 8/);
    expect(newPasswordProblem("x".repeat(129))).toMatch(/at most 128/);
    expect(newPasswordProblem("a fine passphrase")).toBeNull();
  });
});

describe("signInHref", () => {
  it("brings the user back to the page and query they asked for", () => {
    expect(signInHref("/tasks", { status: "active", tag: ["a", "b"] })).toBe(
      `/sign-in?next=${encodeURIComponent("/tasks?status=active&tag=a&tag=b")}`,
    );
    expect(signInHref("/account")).toBe("/sign-in?next=%2Faccount");
  });
});
