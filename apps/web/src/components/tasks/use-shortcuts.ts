"use client";

// The page's keyboard shortcuts: "n" jumps to the add box, "/" to search, and
// Ctrl+Z (⌘Z) takes back the last delete — reaching the Undo toast by Tab
// would take many key presses. None of them fire while typing in a field or
// inside a dialog.
import { type RefObject, useEffect, useRef } from "react";

export interface Shortcuts {
  addRef: RefObject<HTMLElement | null>;
  searchRef: RefObject<HTMLElement | null>;
  /** Returns false when there was nothing to undo (the key then does what it would anyway). */
  undo: () => boolean;
}

export function useShortcuts(shortcuts: Shortcuts) {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.defaultPrevented || target?.closest("input, textarea, select, [contenteditable], dialog"))
        return;
      const { addRef, searchRef, undo } = latest.current;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === "z") {
        if (undo()) event.preventDefault();
        return;
      }
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "/") {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === "n") {
        event.preventDefault();
        addRef.current?.focus();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
