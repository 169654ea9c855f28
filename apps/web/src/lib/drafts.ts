// What the user had typed but not yet saved when their session ended: kept
// in this tab's sessionStorage across the trip to the sign-in page and back,
// and never sent anywhere.
const DRAFT_KEY = "todo:unsent-task";

export function saveDraft(title: string): void {
  const text = title.trim();
  if (!text) return;
  try {
    sessionStorage.setItem(DRAFT_KEY, text);
  } catch {
    // Storage full or disabled: nothing better to do than carry on to sign-in.
  }
}

/** Returns the saved draft once, then forgets it. */
export function takeDraft(): string | null {
  try {
    const text = sessionStorage.getItem(DRAFT_KEY);
    sessionStorage.removeItem(DRAFT_KEY);
    return text;
  } catch {
    return null;
  }
}

/**
 * Leaves for the sign-in page, which brings the user back to this same view.
 * A full page load on purpose: it drops every in-memory token and state of
 * the ended session.
 */
export function goToSignIn(reason: "session-ended"): void {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?next=${encodeURIComponent(next)}&reason=${reason}`);
}
