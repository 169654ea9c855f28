// What the user had typed but not yet saved when their session ended: kept
// in this tab's sessionStorage across the trip to the sign-in page and back,
// and never sent anywhere. The tab outlives the session, and whoever signs in
// next may be someone else, so the draft carries its author's id and is only
// given back to them.
const DRAFT_KEY = "todo:unsent-task";

interface Draft {
  userId: string;
  text: string;
}

export function saveDraft(userId: string, title: string): void {
  const text = title.trim();
  if (!text) return;
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ userId, text } satisfies Draft));
  } catch {
    // Storage full or disabled: nothing better to do than carry on to sign-in.
  }
}

/** Returns the saved draft once if `userId` wrote it, then forgets it either way. */
export function takeDraft(userId: string): string | null {
  let stored: string | null;
  try {
    stored = sessionStorage.getItem(DRAFT_KEY);
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    return null;
  }
  const draft = parseDraft(stored);
  return draft?.userId === userId ? draft.text : null;
}

function parseDraft(stored: string | null): Draft | null {
  if (!stored) return null;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== "object" || value === null) return null;
    const { userId, text } = value as Record<string, unknown>;
    return typeof userId === "string" && typeof text === "string" && text ? { userId, text } : null;
  } catch {
    return null;
  }
}

let signingOut = false;

/** Called when the user signs out: from then on, ended-session redirects are not for this page. */
export function markSigningOut(active = true): void {
  signingOut = active;
}

/**
 * Leaves for the sign-in page, which brings the user back to this same view.
 * A full page load on purpose: it drops every in-memory token and state of
 * the ended session.
 */
export function goToSignIn(reason: "session-ended"): void {
  // The user is signing out: a call that lost its session on the way is no
  // reason to send them to "your session has ended" instead of where they asked.
  if (signingOut) return;
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/sign-in?next=${encodeURIComponent(next)}&reason=${reason}`);
}
