"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { clearApiToken } from "@/lib/api-client";
import { authClient } from "@/lib/auth-client";
import { describeAuthFailure, MAX_PASSWORD, MIN_PASSWORD, newPasswordProblem } from "@/lib/auth-errors";
import { Field } from "./field";

type Errors = { name?: string; email?: string; password?: string; form?: string };

export function SignUpForm({ next }: { next: string }) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const nameRef = useRef<HTMLInputElement>(null);
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
    const name = String(data.get("name") ?? "").trim();
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");

    const found: Errors = {};
    if (!name) found.name = "Enter your name.";
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) found.email = "Enter a valid email address.";
    const weak = newPasswordProblem(password);
    if (weak) found.password = weak;
    if (found.name || found.email || found.password) {
      setErrors(found);
      (found.name ? nameRef : found.email ? emailRef : passwordRef).current?.focus();
      return;
    }

    busy.current = true;
    setPending(true);
    setErrors({});
    const { error } = await authClient.signUp.email({ name, email, password });
    if (error) {
      const problem = describeAuthFailure(error, "Could not create the account.");
      busy.current = false;
      setPending(false);
      if (problem.target === "email") {
        setErrors({ email: problem.message });
        emailRef.current?.focus();
      } else if (problem.target === "new-password") {
        setErrors({ password: problem.message });
        passwordRef.current?.focus();
      } else {
        setErrors({ form: problem.message });
      }
      return;
    }
    clearApiToken();
    window.location.assign(next);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending || undefined}>
      <Field
        id="name"
        name="name"
        type="text"
        label="Name"
        autoComplete="name"
        required
        maxLength={100}
        error={errors.name}
        inputRef={nameRef}
      />
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
        autoComplete="new-password"
        required
        maxLength={MAX_PASSWORD}
        hint={`At least ${MIN_PASSWORD} characters. A few unrelated words make a strong one.`}
        error={errors.password}
        inputRef={passwordRef}
      />
      {errors.form && (
        <p ref={formErrorRef} className="form-error" role="alert" tabIndex={-1}>
          {errors.form}
        </p>
      )}
      <button className="button button-primary" type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
