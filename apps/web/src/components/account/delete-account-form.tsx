"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";
import { describeAuthFailure, MAX_PASSWORD } from "@/lib/auth-errors";
import { Field } from "../field";

type Errors = { password?: string; form?: string };

export function DeleteAccountForm() {
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (confirming) passwordRef.current?.focus();
  }, [confirming]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current) return;
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (!password) {
      setErrors({ password: "Enter your password to confirm." });
      passwordRef.current?.focus();
      return;
    }
    busy.current = true;
    setPending(true);
    setErrors({});
    const { error } = await authClient.deleteUser({ password });
    if (error) {
      busy.current = false;
      setPending(false);
      if (error.status === 404) {
        setErrors({ form: "Deleting accounts is not available on this server yet." });
        return;
      }
      const problem = describeAuthFailure(error, "Could not delete the account.");
      if (problem.target === "current-password") {
        setErrors({ password: "That is not your password." });
        passwordRef.current?.select();
        passwordRef.current?.focus();
      } else {
        setErrors({ form: problem.message });
      }
      return;
    }
    clearApiToken();
    window.location.assign("/?account=deleted");
  }

  if (!confirming) {
    return (
      <button className="button button-danger" type="button" onClick={() => setConfirming(true)}>
        Delete account…
      </button>
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending || undefined}>
      <Field
        id="delete-password"
        name="password"
        type="password"
        label="Your password"
        autoComplete="current-password"
        required
        maxLength={MAX_PASSWORD}
        hint="To make sure it is you, enter your password."
        error={errors.password}
        inputRef={passwordRef}
      />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="actions">
        <button className="button button-danger-solid" type="submit" disabled={pending}>
          {pending ? "Deleting…" : "Delete my account and tasks"}
        </button>
        <button className="button" type="button" onClick={() => setConfirming(false)} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
