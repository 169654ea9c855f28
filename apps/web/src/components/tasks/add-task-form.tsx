"use client";

// Quick add (SPEC §8): the box takes text such as "Pay rent every month on
// the 1st p1 #Home @bills". As the user types, the shared parser (loaded on
// first use: with its Temporal polyfill it is most of quick add's weight)
// marks what it recognised and says what will be created; Enter sends the
// text as `{quickAdd}` and the server, the authority, parses it again. Enter
// keeps the focus here. On arrival the box gives back what the user had typed
// when their session ended (lib/drafts.ts), if they are the one who typed it.
import { QUICK_ADD_MAX } from "@todo/contract/limits";
import { type FormEvent, type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "@/lib/api-client";
import { takeDraft } from "@/lib/drafts";
import type { AddOptions } from "@/lib/task-store";
import type { QuickAddParse } from "@/lib/task-types";
import { browserTimeZone, todayIn } from "@/lib/zoned-dates";
import { useOptionalPlanner } from "../planner/planner-context";
import styles from "./add-task-form.module.css";
import { reasonOf } from "./problem-text";
import { describeParse, splitByTokens } from "./quick-add-preview";

type Parse = (
  text: string,
  context: { timeZone: string; now: Date; lists: ReadonlyArray<{ id: string; name: string }> },
) => QuickAddParse;

let parser: Promise<Parse> | null = null;

/** The shared parser, fetched once per page load, in its own chunk. */
function loadParser(): Promise<Parse> {
  parser ??= import("@todo/quick-add/parse").then((module) => module.parseQuickAdd);
  return parser;
}

interface AddTaskFormProps {
  userId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  /** The list on screen: where the task goes unless the text names another with `#List`. */
  listId?: string | undefined;
  onAdd: (text: string, options: AddOptions) => void;
  /** A draft was put back in the box. */
  onRestored: (draft: string) => void;
}

export function AddTaskForm({ userId, inputRef, listId, onAdd, onRestored }: AddTaskFormProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [parse, setParse] = useState<Parse | null>(null);
  const planner = useOptionalPlanner();
  const restored = useRef(onRestored);
  useEffect(() => {
    restored.current = onRestored;
  });

  useEffect(() => {
    const draft = takeDraft(userId);
    if (!draft) return;
    setText(draft);
    inputRef.current?.focus();
    restored.current(draft);
  }, [userId, inputRef]);

  function wantParser() {
    if (parse) return;
    loadParser().then(
      (loaded) => setParse(() => loaded),
      // Without the parser the box still works: the server parses what is sent.
      () => {},
    );
  }

  const timeZone = planner?.timeZone ?? browserTimeZone();
  const today = planner?.today ?? todayIn(timeZone);
  const openLists = useMemo(
    () => (planner?.lists ?? []).filter((list) => !list.archived).map(({ id, name }) => ({ id, name })),
    [planner?.lists],
  );
  const parsed = useMemo(() => {
    if (!parse || !text.trim()) return null;
    try {
      return parse(text, { timeZone, now: new Date(), lists: openLists });
    } catch {
      return null;
    }
  }, [parse, text, timeZone, openLists]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = text.trim();
    if (!typed) {
      setError("Type what needs doing first.");
      inputRef.current?.focus();
      return;
    }
    setError(null);
    const result = parsed && parse ? parse(typed, { timeZone, now: new Date(), lists: openLists }) : null;
    onAdd(typed, {
      quickAdd: true,
      listId,
      draft: result
        ? {
            title: result.title,
            fields: {
              listId: result.listId ?? listId ?? "",
              priority: result.priority,
              dueDate: result.dueDate,
              dueAt: result.dueAt,
              recurrence: result.recurrence,
              tags: result.tags,
            },
          }
        : undefined,
      onRejected: (failure) => {
        // The text itself was refused (no title left, a bad date…): say why
        // here and give the text back to fix.
        if (!(failure instanceof ApiError) || failure.status !== 422) return false;
        setError(failure.detail ?? reasonOf(failure));
        setText((current) => current || typed);
        inputRef.current?.focus();
        return true;
      },
    });
    setText("");
    inputRef.current?.focus();
  }

  const listName = parsed?.listId
    ? (openLists.find((list) => list.id === parsed.listId)?.name ?? null)
    : null;
  const summary = parsed ? describeParse(parsed, { today, timeZone, listName }) : [];
  const showPreview = parsed !== null && parsed.tokens.length > 0;
  const describedBy = [error ? "new-task-error" : "", showPreview ? "new-task-preview" : ""]
    .filter(Boolean)
    .join(" ");

  return (
    <div className={styles.box}>
      <form className={styles.form} onSubmit={submit} noValidate>
        <label htmlFor="new-task" className="visually-hidden">
          New task
        </label>
        <input
          id="new-task"
          ref={inputRef}
          className={styles.input}
          value={text}
          onFocus={wantParser}
          onChange={(event) => {
            setText(event.target.value);
            wantParser();
            if (error) setError(null);
          }}
          placeholder="Add a task: “Pay rent every month on the 1st p1 #Home”"
          maxLength={QUICK_ADD_MAX}
          autoComplete="off"
          enterKeyHint="done"
          aria-keyshortcuts="n"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
        <button className="button button-primary" type="submit">
          Add
        </button>
      </form>
      {showPreview && (
        // `quick-add-preview`, `token`: stable hooks for the browser tests.
        <div id="new-task-preview" className={`quick-add-preview ${styles.preview}`}>
          <p className={styles.highlight} aria-hidden="true">
            {splitByTokens(text, parsed.tokens).map((piece) =>
              piece.kind ? (
                <mark
                  key={piece.start}
                  className={`token ${styles.token} ${styles[piece.kind]}`}
                  data-kind={piece.kind}
                >
                  {piece.text}
                </mark>
              ) : (
                <span key={piece.start}>{piece.text}</span>
              ),
            )}
          </p>
          <p className={styles.summary}>
            <span className="visually-hidden">Will add: </span>
            <strong>{parsed.title || "(no title)"}</strong>
            {summary.map((part) => (
              <span key={part}> · {part}</span>
            ))}
          </p>
        </div>
      )}
      {error && (
        <p id="new-task-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
