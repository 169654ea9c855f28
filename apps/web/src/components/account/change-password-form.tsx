"use client";

import { authClient } from "@/lib/auth-client";
import { passwordLength, validateChangePassword } from "@/lib/auth-validation";
import { Field, FormError } from "../field";
import { useAuthForm } from "../use-auth-form";

export function ChangePasswordForm() {
  const form = useAuthForm({
    fields: { currentPassword: "current-password", newPassword: "new-password" },
    validate: validateChangePassword,
    // Ends every other session: a password change is how people lock out someone who learned the old one.
    submit: (values) => authClient.changePassword({ ...values, revokeOtherSessions: true }),
    fallback: "Could not change the password.",
  });

  return (
    <form className="form" {...form.formProps}>
      <Field {...form.field("currentPassword")} id="current-password" label="Current password" />
      <Field
        {...form.field("newPassword")}
        id="new-password"
        label="New password"
        hint={`At least ${passwordLength.min} characters. Your other devices will be signed out.`}
      />
      <FormError message={form.formError} ref={form.formErrorRef} />
      <div role="status">
        {form.done && (
          <p className="notice-success">Password changed. Your other devices have been signed out.</p>
        )}
      </div>
      <div>
        <button className="button button-primary" type="submit" disabled={form.busy}>
          {form.busy ? "Changing password…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
