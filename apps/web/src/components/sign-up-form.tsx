"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage } from "./auth-error";

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 128;

export function SignUpForm({ next }: { next: string }) {
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
    const { error: failure } = await authClient.signUp.email({
      name: String(data.get("name") ?? "").trim(),
      email: String(data.get("email") ?? "").trim(),
      password: String(data.get("password") ?? ""),
    });
    if (failure) {
      setError(authErrorMessage(failure, "Could not create the account."));
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
        <label htmlFor="name">Name</label>
        <input id="name" name="name" type="text" autoComplete="name" required maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          maxLength={MAX_PASSWORD}
          aria-describedby="password-hint"
        />
        <p id="password-hint" className="hint">
          At least {MIN_PASSWORD} characters.
        </p>
      </div>
      {error && (
        <p id={errorId} ref={errorRef} className="form-error" role="alert" tabIndex={-1}>
          {error}
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
