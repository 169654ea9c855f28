"use client";

// The consent decision (SPEC §11). It posts to Better Auth's /oauth2/consent
// with the signed authorization request from this page's address, then
// follows the answer to the app's registered redirect URI. A fetch and a
// navigation, not a form post: the CSP's form-action 'self' would block a
// form's redirect to the app.
import { useState } from "react";

export function ConsentForm({ clientName }: { clientName: string }) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  async function decide(accept: boolean) {
    if (pending) return;
    setPending(true);
    setFailed(null);
    try {
      const response = await fetch("/api/auth/oauth2/consent", {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ accept, oauth_query: window.location.search.slice(1) }),
      });
      const body: unknown = await response.json().catch(() => null);
      const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      const target = typeof record.url === "string" ? record.url : record.redirect_uri;
      if (!response.ok || typeof target !== "string") {
        setFailed(
          typeof record.error_description === "string"
            ? record.error_description
            : "This request could not be completed. Start again from the app.",
        );
        setPending(false);
        return;
      }
      window.location.assign(target);
    } catch {
      setFailed("Cannot reach the server.");
      setPending(false);
    }
  }

  return (
    <>
      {failed && (
        <p className="form-error" role="alert">
          {failed}
        </p>
      )}
      <div className="actions">
        <button
          className="button button-primary"
          type="button"
          onClick={() => decide(true)}
          disabled={pending}
          aria-busy={pending || undefined}
          aria-describedby="consent-summary"
        >
          Allow
        </button>
        <button className="button" type="button" onClick={() => decide(false)} disabled={pending}>
          Deny
        </button>
      </div>
      <p className="muted">
        You can disconnect {clientName} at any time on your <a href="/account">account page</a>.
      </p>
    </>
  );
}
