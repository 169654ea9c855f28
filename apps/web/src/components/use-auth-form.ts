"use client";

// The one behaviour of the account forms (sign-in, sign-up, change password,
// delete account), on React 19's useActionState:
// - the rules (auth-validation) run on submit; their messages show at their
//   fields, and the first field with a problem gets the focus;
// - otherwise the call goes out once: the form is busy (aria-busy, and the
//   form's button says so) and further submits are ignored until it answers;
// - the server's objection shows at the field it is about (focused, its text
//   selected so that typing replaces it), or as the form's message (focused);
// - on success the form either leaves for another page (and stays busy
//   until it has) or stays, cleared, saying that it is done.
// Submitting goes through onSubmit rather than <form action>, so the fields
// keep what was typed when the server objects (React resets a form after an
// action).
import {
  createRef,
  type FormEvent,
  type RefObject,
  startTransition,
  useActionState,
  useEffect,
  useRef,
  useState,
} from "react";
import { clearApiToken } from "@/lib/api-client";
import type { AuthFailure, AuthResult } from "@/lib/auth-client";
import { type AuthErrorMessage, type AuthErrorTarget, describeAuthFailure } from "@/lib/auth-errors";
import {
  emailLength,
  type FieldErrors,
  nameLength,
  passwordLength,
  type Validated,
} from "@/lib/auth-validation";

/** What a field holds: its input's attributes, and which server objections it shows. */
export type InputKind = "name" | "email" | "current-password" | "new-password";

const inputs = {
  name: { type: "text", autoComplete: "name", maxLength: nameLength.max },
  email: { type: "email", autoComplete: "email", maxLength: emailLength.max },
  "current-password": { type: "password", autoComplete: "current-password", maxLength: passwordLength.max },
  "new-password": { type: "password", autoComplete: "new-password", maxLength: passwordLength.max },
} as const;

/** The kind of field that shows each of describeAuthFailure's targets (a wrong sign-in: the password). */
const shownAt: Record<Exclude<AuthErrorTarget, "form">, InputKind> = {
  name: "name",
  email: "email",
  credentials: "current-password",
  "current-password": "current-password",
  "new-password": "new-password",
};

type Values = Record<string, string>;
type FieldName<V> = keyof V & string;

export interface AuthFormOptions<V extends Values> {
  /** Each field's kind, in the order the fields appear: the first one with a problem gets the focus. */
  fields: Record<FieldName<V>, InputKind>;
  /** The form's rules, from auth-validation. */
  validate: (data: FormData) => Validated<V>;
  /** The call to Better Auth, with the validated values. */
  submit: (values: V) => Promise<AuthResult<unknown>>;
  /** The form's message when the server gives no reason. */
  fallback: string;
  /** This form's own wording for some failures, tried before describeAuthFailure. */
  explain?: (failure: AuthFailure) => AuthErrorMessage | undefined;
  /**
   * After a success, the page to load afresh: who is signed in has changed,
   * so the API token in memory is dropped and the page's server check sees
   * the new cookie. Without it the form stays, cleared, and `done` is true.
   */
  leaveTo?: string;
}

interface Feedback<V> {
  errors: FieldErrors<V>;
  /** The form's own message, for problems that belong to no field. */
  form?: string;
  /** From the server: select the field's text when focusing it. */
  select?: boolean;
  outcome?: "leave" | "done";
}

export function useAuthForm<V extends Values>(options: AuthFormOptions<V>) {
  const formRef = useRef<HTMLFormElement>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);
  const names = Object.keys(options.fields) as FieldName<V>[];
  const [refs] = useState(
    () =>
      Object.fromEntries(names.map((name) => [name, createRef<HTMLInputElement>()])) as Record<
        FieldName<V>,
        RefObject<HTMLInputElement | null>
      >,
  );
  // Set on submit, before React renders the busy state: a second submit in between sends nothing.
  const sending = useRef(false);

  const [result, dispatch, pending] = useActionState(
    async (_previous: Feedback<V>, values: V): Promise<Feedback<V>> => {
      let outcome: Feedback<V>;
      try {
        const { error } = await options.submit(values);
        if (error) {
          const problem = options.explain?.(error) ?? describeAuthFailure(error, options.fallback);
          const kind = problem.target === "form" ? undefined : shownAt[problem.target];
          const field = names.find((name) => options.fields[name] === kind);
          outcome = field
            ? { errors: { [field]: problem.message } as FieldErrors<V>, select: true }
            : { errors: {}, form: problem.message };
        } else if (options.leaveTo !== undefined) {
          clearApiToken();
          window.location.assign(options.leaveTo);
          outcome = { errors: {}, outcome: "leave" };
        } else {
          formRef.current?.reset();
          outcome = { errors: {}, outcome: "done" };
        }
      } catch {
        // An action that throws would reach the error boundary: a form message is enough.
        outcome = { errors: {}, form: options.fallback };
      }
      if (outcome.outcome !== "leave") sending.current = false;
      return outcome;
    },
    { errors: {} },
  );
  // What the rules found on the last submit, when it was not sent.
  const [refused, setRefused] = useState<Feedback<V> | null>(null);
  // While a call is out, nothing from before is shown.
  const shown = pending ? null : (refused ?? result);

  // Once per new feedback, not when the options' identity changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (!shown) return;
    const first = names.find((name) => shown.errors[name]);
    const input = first && refs[first].current;
    if (input) {
      if (shown.select) input.select();
      input.focus();
    } else if (shown.form) formErrorRef.current?.focus();
  }, [shown]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending.current) return;
    const checked = options.validate(new FormData(event.currentTarget));
    if (!checked.ok) {
      setRefused({ errors: checked.errors });
      return;
    }
    sending.current = true;
    setRefused(null);
    startTransition(() => dispatch(checked.values));
  }

  const busy = pending || result.outcome === "leave";
  return {
    busy,
    /** True after a success that stays on the page, until the next submit. */
    done: shown?.outcome === "done",
    /** Spread on the <form>. */
    formProps: { ref: formRef, onSubmit, noValidate: true, "aria-busy": busy || undefined },
    /** The form's own message, for <FormError>. */
    formError: shown?.form,
    formErrorRef,
    /** Spread on a <Field>: its name, input attributes, message and ref; the form adds id, label and hint. */
    field: (name: FieldName<V>) => ({
      name,
      ...inputs[options.fields[name]],
      required: true,
      error: shown?.errors[name],
      inputRef: refs[name],
    }),
    /** Each field's input, e.g. to focus one when the form opens. */
    refs,
  };
}
