"use client";

import { authClient } from "@/lib/auth-client";
import { validateSignIn } from "@/lib/auth-validation";
import { Field, FormError } from "./field";
import { useAuthForm } from "./use-auth-form";

export function SignInForm({ next }: { next: string }) {
  const form = useAuthForm({
    fields: { email: "email", password: "current-password" },
    validate: validateSignIn,
    submit: (values) => authClient.signIn.email(values),
    fallback: "Sign-in failed.",
    leaveTo: next,
  });

  return (
    <form className="form" {...form.formProps}>
      <Field {...form.field("email")} id="email" label="Email" />
      <Field {...form.field("password")} id="password" label="Password" />
      <FormError message={form.formError} ref={form.formErrorRef} />
      <button className="button button-primary" type="submit" disabled={form.busy}>
        {form.busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
