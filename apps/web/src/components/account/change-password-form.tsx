"use client";

import { type FormEvent, useRef, useState } from "react";
import { authClient } from "@/lib/auth-client";
import { describeAuthFailure, MAX_PASSWORD, MIN_PASSWORD, newPasswordProblem } from "@/lib/auth-errors";
import { Field } from "../field";

type Errors = { currentPassword?: string; newPassword?: string; form?: string };

export function ChangePasswordForm() {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const busy = useRef(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    setDone(false);

    const found: Errors = {};
    if (!currentPassword) found.currentPassword = "Enter your current password.";
    const weak = newPasswordProblem(newPassword);
    if (weak) found.newPassword = weak;
    else if (newPassword === currentPassword) found.newPassword = "Choose a password you are not using now.";
    if (found.currentPassword || found.newPassword) {
      setErrors(found);
      (found.currentPassword ? currentRef : newRef).current?.focus();
      return;
    }

    busy.current = true;
    setPending(true);
    setErrors({});
    // Ends every other session: a password change is how people lock out someone who learned the old one.
    const { error } = await authClient.changePassword({
      currentPassword,
      newPassword,
      revokeOtherSessions: true,
    });
    busy.current = false;
    setPending(false);
    if (error) {
      const problem = describeAuthFailure(error, "Could not change the password.");
      if (problem.target === "current-password") {
        setErrors({ currentPassword: problem.message });
        currentRef.current?.focus();
      } else if (problem.target === "new-password") {
        setErrors({ newPassword: problem.message });
        newRef.current?.focus();
      } else {
        setErrors({ form: problem.message });
      }
      return;
    }
    form.reset();
    setDone(true);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending || undefined}>
      <Field
        id="current-password"
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        maxLength={MAX_PASSWORD}
        error={errors.currentPassword}
        inputRef={currentRef}
      />
      <Field
        id="new-password"
        name="newPassword"
        type="password"
        label="New password"
        autoComplete="new-password"
        required
        maxLength={MAX_PASSWORD}
        hint={`At least ${MIN_PASSWORD} characters. Your other devices will be signed out.`}
        error={errors.newPassword}
        inputRef={newRef}
      />
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div role="status">
        {done && <p className="notice-success">Password changed. Your other devices have been signed out.</p>}
      </div>
      <div>
        <button className="button button-primary" type="submit" disabled={pending}>
          {pending ? "Changing password…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
