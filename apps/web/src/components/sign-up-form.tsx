"use client";

import { authClient } from "@/lib/auth-client";
import { passwordLength, validateSignUp } from "@/lib/auth-validation";
import { Field, FormError } from "./field";
import { useAuthForm } from "./use-auth-form";

export function SignUpForm({ next }: { next: string }) {
  const form = useAuthForm({
    fields: { name: "name", email: "email", password: "new-password" },
    validate: validateSignUp,
    submit: (values) => authClient.signUp.email(values),
    fallback: "Could not create the account.",
    leaveTo: next,
  });

  return (
    <form className="form" {...form.formProps}>
      <Field {...form.field("name")} id="name" label="Name" />
      <Field {...form.field("email")} id="email" label="Email" />
      <Field
        {...form.field("password")}
        id="password"
        label="Password"
        hint={`At least ${passwordLength.min} characters. A few unrelated words make a strong one.`}
      />
      <FormError message={form.formError} ref={form.formErrorRef} />
      <button className="button button-primary" type="submit" disabled={form.busy}>
        {form.busy ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
