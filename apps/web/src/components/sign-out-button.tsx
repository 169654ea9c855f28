"use client";

import { useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";
import { markSigningOut } from "@/lib/drafts";

export function SignOutButton({ everywhere = false }: { everywhere?: boolean }) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    if (pending) return;
    setPending(true);
    setFailed(false);
    markSigningOut();
    const { error } = everywhere ? await authClient.revokeSessions() : await authClient.signOut();
    if (error) {
      markSigningOut(false);
      setFailed(true);
      setPending(false);
      return;
    }
    clearApiToken();
    // A full load, so nothing of the ended session stays in memory.
    window.location.assign("/sign-in");
  }

  const label = everywhere ? "Sign out of all devices" : "Sign out";
  return (
    <>
      {failed && (
        <span className="form-error inline" role="alert">
          {everywhere ? "Could not sign out everywhere; try again." : "Sign-out failed; try again."}
        </span>
      )}
      <button
        className={everywhere ? "button button-danger" : "button button-small"}
        type="button"
        onClick={signOut}
        disabled={pending}
        aria-busy={pending || undefined}
      >
        {pending ? "Signing out…" : label}
      </button>
    </>
  );
}
