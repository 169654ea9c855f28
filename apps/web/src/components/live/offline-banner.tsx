"use client";

import styles from "./live-notices.module.css";

/**
 * Says when the page is offline and how many changes wait to be sent. The
 * status region is always in the page (empty when there is nothing to say),
 * so screen readers announce it when it fills.
 */
export function OfflineBanner({
  offline,
  waiting,
  sessionEnded = false,
}: {
  offline: boolean;
  waiting: number;
  /** Live updates stopped because the session ended elsewhere. */
  sessionEnded?: boolean;
}) {
  const changes = waiting === 1 ? "1 change" : `${waiting} changes`;
  let text = "";
  if (offline)
    text =
      waiting > 0
        ? `You are offline. ${changes} waiting; they will be sent when you are back online.`
        : "You are offline. Changes you make are kept and sent when you are back online.";
  else if (waiting > 0) text = `Sending ${changes}…`;
  else if (sessionEnded)
    text =
      "Your session has ended, so changes made elsewhere no longer show here. Sign in again to see them.";
  return (
    // `offline-banner`: a stable hook for the browser tests.
    <p className={`offline-banner ${styles.banner}`} role="status">
      {text}
    </p>
  );
}
