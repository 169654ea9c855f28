"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";
import { describeAuthFailure } from "@/lib/auth-errors";
import { Field } from "./field";

type Errors = { email?: string; password?: string; form?: string };

export function SignInForm({ next }: { next: string }) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (errors.form) formErrorRef.current?.focus();
  }, [errors.form]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy.current) return;
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const missing: Errors = {};
    if (!email) missing.email = "Enter your email address.";
    if (!password) missing.password = "Enter your password.";
    if (missing.email || missing.password) {
      setErrors(missing);
      (missing.email ? emailRef : passwordRef).current?.focus();
      return;
    }

    busy.current = true;
    setPending(true);
    setErrors({});
    const { error } = await authClient.signIn.email({ email, password });
    if (error) {
      const problem = describeAuthFailure(error, "Sign-in failed.");
      busy.current = false;
      setPending(false);
      if (problem.target === "credentials") {
        setErrors({ password: problem.message });
        passwordRef.current?.select();
        passwordRef.current?.focus();
      } else if (problem.target === "email") {
        setErrors({ email: problem.message });
        emailRef.current?.focus();
      } else {
        setErrors({ form: problem.message });
      }
      return;
    }
    clearApiToken();
    // A full load of the page the user came from: its server check sees the new cookie.
    window.location.assign(next);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending || undefined}>
      <Field
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        maxLength={254}
        error={errors.email}
        inputRef={emailRef}
      />
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        maxLength={128}
        error={errors.password}
        inputRef={passwordRef}
      />
      {errors.form && (
        <p ref={formErrorRef} className="form-error" role="alert" tabIndex={-1}>
          {errors.form}
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
