"use client";

// Revoke on /account: Better Auth's /oauth2/delete-consent, which the web
// app's oauth-grants plugin extends to delete the app's refresh tokens too.
import { useRouter } from "next/navigation";
import { useState } from "react";

export function RevokeAppButton({ consentId, appName }: { consentId: string; appName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function revoke() {
    if (pending) return;
    setPending(true);
    setFailed(false);
    const response = await fetch("/api/auth/oauth2/delete-consent", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ id: consentId }),
    }).catch(() => null);
    if (!response?.ok) {
      setFailed(true);
      setPending(false);
      return;
    }
    // The list is rendered on the server: render it again without this app.
    router.refresh();
  }

  return (
    <>
      {failed && (
        <span className="form-error inline" role="alert">
          Could not revoke {appName}; try again.
        </span>
      )}
      <button
        className="button button-danger button-small"
        type="button"
        onClick={revoke}
        disabled={pending}
        aria-busy={pending || undefined}
        aria-label={`Revoke ${appName}`}
      >
        Revoke
      </button>
    </>
  );
}
