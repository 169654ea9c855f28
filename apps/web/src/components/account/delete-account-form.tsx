"use client";

import { useEffect, useState } from "react";
import { authClient } from "@/lib/auth-client";
import { validateDeleteAccount } from "@/lib/auth-validation";
import { Field, FormError } from "../field";
import { useAuthForm } from "../use-auth-form";

export function DeleteAccountForm() {
  const [confirming, setConfirming] = useState(false);
  const form = useAuthForm({
    fields: { password: "current-password" },
    validate: validateDeleteAccount,
    submit: (values) => authClient.deleteUser(values),
    fallback: "Could not delete the account.",
    explain: (failure) =>
      failure.status === 404
        ? { target: "form", message: "Deleting accounts is not available on this server yet." }
        : failure.code === "INVALID_PASSWORD"
          ? { target: "current-password", message: "That is not your password." }
          : undefined,
    leaveTo: "/?account=deleted",
  });
  const passwordRef = form.refs.password;

  useEffect(() => {
    if (confirming) passwordRef.current?.focus();
  }, [confirming, passwordRef]);

  if (!confirming) {
    return (
      <button className="button button-danger" type="button" onClick={() => setConfirming(true)}>
        Delete account…
      </button>
    );
  }

  return (
    <form className="form" {...form.formProps}>
      <Field
        {...form.field("password")}
        id="delete-password"
        label="Your password"
        hint="To make sure it is you, enter your password."
      />
      <FormError message={form.formError} ref={form.formErrorRef} />
      <div className="actions">
        <button className="button button-danger-solid" type="submit" disabled={form.busy}>
          {form.busy ? "Deleting…" : "Delete my account and tasks"}
        </button>
        <button className="button" type="button" onClick={() => setConfirming(false)} disabled={form.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
