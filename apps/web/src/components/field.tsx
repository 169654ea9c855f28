import type { InputHTMLAttributes, Ref } from "react";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  id: string;
  label: string;
  hint?: string;
  /** Shown under the input, announced, and linked to it with aria-describedby. */
  error?: string | null | undefined;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and its inline error. */
export function Field({ id, label, hint, error, inputRef, ...input }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A form's message for a problem that belongs to no field: announced, and focusable so that it can take the focus. */
export function FormError({
  message,
  ref,
}: {
  message: string | undefined;
  ref?: Ref<HTMLParagraphElement>;
}) {
  if (!message) return null;
  return (
    <p ref={ref} className="form-error" role="alert" tabIndex={-1}>
      {message}
    </p>
  );
}
