"use client";

// The view (status, search, priority, tag, sort) lives in the URL, so reload,
// Back and a shared link show the same list. A filter, sort or tag change is
// its own history entry; typing in search replaces the entry after a pause
// rather than adding one per pause, so Back leaves the search in one step.
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type TaskView, viewFromParams, viewToSearch } from "@/lib/task-view";

/** Search waits for a pause in typing before it asks the server. */
export const SEARCH_DELAY_MS = 250;

function navigate(next: TaskView, mode: "push" | "replace") {
  const url = `${window.location.pathname}${viewToSearch(next)}`;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

export function useUrlView() {
  const params = useSearchParams();
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the view
  const view = useMemo(() => viewFromParams(params), [search]);
  /** The search box's text, ahead of the URL while the user types. */
  const [searchText, setSearchText] = useState(view.q);
  /** The search last written to the URL from here. */
  const pushedSearch = useRef(view.q);

  /** A new view from a filter, sort or tag: its own history entry, so Back returns to this one. */
  const changeView = useCallback((next: TaskView) => {
    pushedSearch.current = next.q;
    setSearchText(next.q);
    navigate(next, "push");
  }, []);

  useEffect(() => {
    if (searchText === view.q) return;
    const timer = setTimeout(() => {
      pushedSearch.current = searchText;
      navigate({ ...view, q: searchText }, "replace");
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText, view]);

  // Back, Forward or a link changed the search: show it in the box.
  useEffect(() => {
    if (view.q !== pushedSearch.current) {
      pushedSearch.current = view.q;
      setSearchText(view.q);
    }
  }, [view.q]);

  /** What is on screen: the URL's view with the search as typed. */
  const shownView = useMemo(() => ({ ...view, q: searchText }), [view, searchText]);
  return { view, shownView, searchText, setSearchText, changeView };
}
