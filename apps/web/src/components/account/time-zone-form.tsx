"use client";

// The user's time zone (SPEC §7): "today" and every due's day are read in
// it. Set from the browser on first use; changed here. The API validates the
// name (422 for one it does not know), and its message shows at the field.
import { type FormEvent, useEffect, useId, useMemo, useState } from "react";
import { getMe, updateMe } from "@/lib/planner-api";
import { browserTimeZone, knownTimeZones } from "@/lib/zoned-dates";
import { reasonOf } from "../tasks/problem-text";

export function TimeZoneForm() {
  const id = useId();
  const [zone, setZone] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(knownTimeZones, []);

  useEffect(() => {
    getMe().then(
      (me) => {
        setZone(me.timeZone);
        setSaved(me.timeZone);
      },
      (failure: unknown) => setError(`Your time zone could not be loaded. ${reasonOf(failure)}`),
    );
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const me = await updateMe({ timeZone: zone.trim() });
      setZone(me.timeZone);
      setSaved(me.timeZone);
      setNotice(`Saved. Days and times now follow ${me.timeZone}.`);
    } catch (failure) {
      setError(reasonOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const browser = browserTimeZone();
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <input
          id={`${id}-zone`}
          list={`${id}-zones`}
          value={zone}
          onChange={(event) => {
            setZone(event.target.value);
            setError(null);
            setNotice(null);
          }}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <datalist id={`${id}-zones`}>
          {zones.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <p id={`${id}-hint`} className="hint">
          A place name such as Europe/Berlin. “Today” and due times follow it. This browser is in {browser}.
        </p>
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="actions">
        <button
          className="button button-primary"
          type="submit"
          disabled={busy || saved === null || zone === saved}
        >
          Save time zone
        </button>
        {saved !== browser && (
          <button type="button" className="button" onClick={() => setZone(browser)}>
            Use this browser’s ({browser})
          </button>
        )}
      </div>
      <div role="status">{notice && <p className="notice-success">{notice}</p>}</div>
    </form>
  );
}
