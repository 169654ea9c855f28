"use client";

// A list's page heading (its name) and what can be done to the list: edit
// its name and colour, move it up or down the sidebar, archive or restore
// it, and delete it after a confirmation that says how many tasks go with
// it. The Inbox has none of these (SPEC §7: it cannot be renamed, archived
// or deleted).
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { List } from "@/lib/task-types";
import { reasonOf } from "../tasks/problem-text";
import { dotClass } from "./list-colors";
import { ListForm } from "./list-form";
import styles from "./list-header.module.css";
import { usePlanner } from "./planner-context";

export function ListHeader({ listId }: { listId: string }) {
  const planner = usePlanner();
  const list = planner.lists?.find((item) => item.id === listId) ?? null;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (!planner.lists) return <h1>List</h1>;
  if (!list)
    return (
      <>
        <h1>List not found</h1>
        <p className="form-error" role="alert">
          This list does not exist, or it was deleted.
        </p>
      </>
    );

  const shown = planner.lists.filter((item) => !item.isInbox && !item.archived);
  const index = shown.findIndex((item) => item.id === list.id);
  const run = (action: Promise<unknown>) => {
    setProblem(null);
    action.catch((error: unknown) => setProblem(reasonOf(error)));
  };

  return (
    <div className={styles.header}>
      <h1 className={styles.title}>
        <span className={dotClass(list.color)} aria-hidden="true" />
        {list.name}
        {list.archived && <span className={styles.archived}> (archived)</span>}
      </h1>
      {!list.isInbox &&
        (editing ? (
          <div className={`card ${styles.edit}`}>
            <ListForm
              initial={{ name: list.name, color: list.color }}
              submitLabel="Save list"
              onSubmit={async (values) => {
                const changes = {
                  ...(values.name !== list.name ? { name: values.name } : {}),
                  ...(values.color !== list.color ? { color: values.color } : {}),
                };
                if (Object.keys(changes).length > 0) await planner.updateList(list, changes);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
            />
          </div>
        ) : (
          <div className={styles.actions}>
            <button type="button" className="button button-small" onClick={() => setEditing(true)}>
              Edit list
            </button>
            {!list.archived && (
              <>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index <= 0}
                  onClick={() => run(planner.moveList(list, -1))}
                >
                  Move up
                </button>
                <button
                  type="button"
                  className="button button-small"
                  disabled={index < 0 || index >= shown.length - 1}
                  onClick={() => run(planner.moveList(list, 1))}
                >
                  Move down
                </button>
              </>
            )}
            <button
              type="button"
              className="button button-small"
              onClick={() => run(planner.updateList(list, { archived: !list.archived }))}
            >
              {list.archived ? "Restore list" : "Archive list"}
            </button>
            <button
              type="button"
              className="button button-small button-danger"
              onClick={() => setConfirming(true)}
            >
              Delete list
            </button>
          </div>
        ))}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {confirming && <DeleteListDialog list={list} onClose={() => setConfirming(false)} />}
    </div>
  );
}

function DeleteListDialog({ list, onClose }: { list: List; onClose: () => void }) {
  const planner = usePlanner();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const open = list.openTaskCount;
  const tasks = open === 1 ? "1 open task" : `${open} open tasks`;

  async function remove() {
    setBusy(true);
    setProblem(null);
    try {
      await planner.deleteList(list);
      dialogRef.current?.close();
      router.push("/tasks");
    } catch (error) {
      setProblem(reasonOf(error));
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className={`dialog-panel ${styles.dialog}`}
      role="alertdialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-text`}
      onClose={onClose}
    >
      <h2 id={`${id}-heading`}>Delete “{list.name}”?</h2>
      <p id={`${id}-text`}>
        This deletes the list and its {tasks}, with its completed tasks too. This cannot be undone.
      </p>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button-danger-solid" onClick={remove} disabled={busy}>
          Delete list
        </button>
        <button type="button" className="button" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
