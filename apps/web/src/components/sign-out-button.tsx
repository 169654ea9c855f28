"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    const { error } = await authClient.signOut();
    clearApiToken();
    if (error) {
      setFailed(true);
      setPending(false);
      return;
    }
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <>
      {failed && (
        <span className="form-error inline" role="alert">
          Sign-out failed; try again.
        </span>
      )}
      <button className="button button-small" type="button" onClick={signOut} disabled={pending}>
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </>
  );
}
