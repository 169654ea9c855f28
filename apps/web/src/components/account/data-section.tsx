"use client";

// "Your data" on /account (SPEC §10, issue 14): export everything (JSON,
// Todoist CSV, iCalendar), import a JSON export or a Todoist CSV, and the
// calendar feed — a secret URL shown once, with Copy, Replace and Revoke, and
// a plain sentence on what it lets anyone holding it read.
import { IMPORT_BODY_MAX_BYTES } from "@todo/contract/limits";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import {
  calendarFeedStatus,
  createCalendarFeed,
  type ExportFormat,
  exportData,
  type ImportResult,
  importData,
  revokeCalendarFeed,
} from "@/lib/data-api";
import { reasonOf } from "../tasks/problem-text";
import styles from "./account-sections.module.css";

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: "json", label: "Export JSON", hint: "everything, to import here again" },
  { format: "csv", label: "Export CSV", hint: "Todoist’s import format" },
  { format: "ics", label: "Export iCalendar", hint: "for calendar and task apps" },
];

/** Saves a blob as a download without leaving the page. */
function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has been handled; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export function DataSection() {
  return (
    <>
      <ExportGroup />
      <ImportGroup />
      <CalendarFeedGroup />
    </>
  );
}

function ExportGroup() {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(format: ExportFormat) {
    setBusy(format);
    setError(null);
    try {
      const { blob, filename } = await exportData(format);
      download(blob, filename);
    } catch (failure) {
      setError(`The export failed. ${reasonOf(failure)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className={styles.group} aria-labelledby="export-heading">
      <h3 id="export-heading">Export</h3>
      <p className="muted">Download all your lists and tasks, completed ones included.</p>
      <div className="actions">
        {FORMATS.map(({ format, label, hint }) => (
          <button
            key={format}
            type="button"
            className="button"
            onClick={() => void run(format)}
            disabled={busy !== null}
            aria-busy={busy === format || undefined}
            title={hint}
          >
            {label}
          </button>
        ))}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function ImportGroup() {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    setError(null);
    setResult(null);
    if (!file) return setError("Choose a file to import.");
    if (file.size > IMPORT_BODY_MAX_BYTES) return setError("The file is larger than 5 MiB.");
    setBusy(true);
    try {
      setResult(await importData(file));
      if (fileRef.current) fileRef.current.value = "";
    } catch (failure) {
      setError(`Nothing was imported. ${reasonOf(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={styles.group} aria-labelledby="import-heading">
      <h3 id="import-heading">Import</h3>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>File to import</label>
          <input
            id={`${id}-file`}
            ref={fileRef}
            type="file"
            accept=".json,.csv,application/json,text/csv"
            aria-describedby={`${id}-hint`}
          />
          <p id={`${id}-hint`} className="hint">
            A JSON export from this app, or a CSV exported from Todoist (up to 5 MiB). Importing the same file
            again adds nothing twice.
          </p>
        </div>
        <div className="actions">
          <button
            className="button button-primary"
            type="submit"
            disabled={busy}
            aria-busy={busy || undefined}
          >
            {busy ? "Importing…" : "Import"}
          </button>
        </div>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div role="status" className="import-result">
        {result && (
          <>
            <p className="notice-success">
              Imported {plural(result.created.tasks, "task", "tasks")} and{" "}
              {plural(result.created.lists, "list", "lists")}; {result.skipped} skipped.
            </p>
            {result.errors.length > 0 && (
              <ul className={styles.errors} aria-label="Import problems">
                {result.errors.map((problem) => (
                  <li key={`${problem.line ?? problem.path ?? ""}-${problem.message}`}>
                    {problem.line !== null
                      ? `Line ${problem.line}: `
                      : problem.path
                        ? `${problem.path}: `
                        : ""}
                    {problem.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}

function CalendarFeedGroup() {
  const id = useId();
  const [active, setActive] = useState<boolean | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // An API without GET /api/calendar-feed answers 404: then whether a feed exists is unknown.
    calendarFeedStatus().then(
      (status) => setActive(status?.active ?? null),
      () => setActive(null),
    );
  }, []);

  async function create() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const feed = await createCalendarFeed();
      setUrl(feed.url);
      setActive(true);
      setNotice("Your feed address is ready. Copy it now: it is shown only this once.");
    } catch (failure) {
      setError(reasonOf(failure));
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await revokeCalendarFeed();
      setUrl(null);
      setActive(false);
      setNotice("The feed address no longer works.");
    } catch (failure) {
      setError(reasonOf(failure));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setNotice("Copied the feed address.");
    } catch {
      // No clipboard permission: select it, so the user can copy it themselves.
      urlRef.current?.select();
      setNotice("Press Ctrl+C (or ⌘C) to copy the selected address.");
    }
  }

  const exists = url !== null || active === true;
  return (
    <section className={styles.group} aria-labelledby="feed-heading">
      <h3 id="feed-heading">Calendar feed</h3>
      <p className="muted" id={`${id}-exposes`}>
        A secret address your calendar app can subscribe to. Anyone who has the link can see your open tasks
        that have a due date — their titles, descriptions, due dates and tags — without signing in. Revoke it
        if it leaks.
      </p>
      {active === true && url === null && (
        <p>You have a feed. Its address was shown when you made it; replace it to get a new one.</p>
      )}
      {url && (
        <div className="field">
          <label htmlFor={`${id}-url`}>Feed address</label>
          <div className={styles.url}>
            <input
              id={`${id}-url`}
              ref={urlRef}
              readOnly
              value={url}
              onFocus={(event) => event.currentTarget.select()}
              aria-describedby={`${id}-exposes`}
            />
            <button type="button" className="button" onClick={() => void copy()}>
              Copy
            </button>
          </div>
        </div>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={() => void create()} disabled={busy}>
          {exists ? "Replace feed address" : "Create feed address"}
        </button>
        {(exists || active === null) && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => void revoke()}
            disabled={busy}
          >
            Revoke feed
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div role="status">{notice && <p className="notice-success">{notice}</p>}</div>
    </section>
  );
}
