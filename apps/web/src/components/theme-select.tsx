"use client";

import { useEffect, useId, useState } from "react";
import { THEME_COOKIE, type ThemeChoice } from "@/lib/theme";
import styles from "./theme-select.module.css";

const ONE_YEAR = 60 * 60 * 24 * 365;
/** Keeps every theme menu on the page showing the same choice. */
const CHANGE_EVENT = "todo:theme-change";

export function ThemeSelect({ initial, className }: { initial: ThemeChoice; className?: string }) {
  const id = useId();
  const [theme, setTheme] = useState<ThemeChoice>(initial);

  useEffect(() => {
    const follow = (event: Event) => setTheme((event as CustomEvent<ThemeChoice>).detail);
    window.addEventListener(CHANGE_EVENT, follow);
    return () => window.removeEventListener(CHANGE_EVENT, follow);
  }, []);

  function choose(next: ThemeChoice) {
    const root = document.documentElement;
    if (next === "system") delete root.dataset.theme;
    else root.dataset.theme = next;
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    const lifetime = next === "system" ? "; Max-Age=0" : `; Max-Age=${ONE_YEAR}`;
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from some browsers people use
    document.cookie = `${THEME_COOKIE}=${next === "system" ? "" : next}; Path=/; SameSite=Lax${lifetime}${secure}`;
    window.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: next }));
  }

  return (
    <div className={className ? `${styles.theme} ${className}` : styles.theme}>
      <label htmlFor={id}>Theme</label>
      <select id={id} value={theme} onChange={(event) => choose(event.target.value as ThemeChoice)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}
