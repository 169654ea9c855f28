"use client";

// A list's name and colour: creating one in the sidebar, editing one on its
// page. The API's refusals show at the field: a name already taken (409),
// too many lists, a name it will not take (422).
import { LIST_NAME_MAX } from "@todo/contract/limits";
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "@/lib/api-client";
import type { ListColor } from "@/lib/task-types";
import { reasonOf } from "../tasks/problem-text";
import { COLOR_LABELS, listColors } from "./list-colors";

interface ListFormProps {
  initial?: { name: string; color: ListColor };
  submitLabel: string;
  onSubmit: (values: { name: string; color: ListColor }) => Promise<void>;
  onCancel: () => void;
}

/** Words for a refusal of a list's name. */
export function listProblem(error: unknown, name: string): string {
  if (error instanceof ApiError && error.status === 409)
    return `You already have a list named “${name}”. Choose another name.`;
  return reasonOf(error);
}

export function ListForm({ initial, submitLabel, onSubmit, onCancel }: ListFormProps) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? "");
  const [color, setColor] = useState<ListColor>(initial?.color ?? "grey");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError("A list needs a name.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ name: trimmed, color });
    } catch (failure) {
      setError(listProblem(failure, trimmed));
    } finally {
      setBusy(false);
    }
  }

  const errorId = `${id}-error`;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>List name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
          maxLength={LIST_NAME_MAX}
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the form opens on the user's request, to type a name
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-color`}>Colour</label>
        <select
          id={`${id}-color`}
          value={color}
          onChange={(event) => setColor(event.target.value as ListColor)}
        >
          {listColors.map((value) => (
            <option key={value} value={value}>
              {COLOR_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button className="button button-primary" type="submit" disabled={busy}>
          {submitLabel}
        </button>
        <button className="button" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
