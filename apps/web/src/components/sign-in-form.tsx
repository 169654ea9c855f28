"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage } from "./auth-error";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const errorId = useId();
  const errorRef = useRef<HTMLParagraphElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({
      email: String(data.get("email") ?? "").trim(),
      password: String(data.get("password") ?? ""),
    });
    if (failure) {
      setError(authErrorMessage(failure, "Sign-in failed."));
      setPending(false);
      queueMicrotask(() => errorRef.current?.focus());
      return;
    }
    clearApiToken();
    router.replace(next);
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p id={errorId} ref={errorRef} className="form-error" role="alert" tabIndex={-1}>
          {error}
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
