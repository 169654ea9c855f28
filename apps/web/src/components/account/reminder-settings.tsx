"use client";

// Reminders on /account (SPEC §9): system notifications on this device by
// Web Push, and email. The browser is asked for permission only when the
// user turns device reminders on — never on page load — then this device
// subscribes with the server's VAPID key and the API stores the subscription.
import { useEffect, useId, useState } from "react";
import { ApiError } from "@/lib/api-client";
import {
  getNotificationSettings,
  getPushPublicKey,
  type NotificationSettings,
  subscribePush,
  unsubscribePush,
  updateNotificationSettings,
} from "@/lib/notifications-api";
import { reasonOf } from "../tasks/problem-text";
import styles from "./account-sections.module.css";

/** A VAPID key (base64url) as PushManager.subscribe wants it. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function pushSupported(): boolean {
  return (
    typeof window !== "undefined" &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    typeof Notification !== "undefined"
  );
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

export function ReminderSettings() {
  const id = useId();
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [supported, setSupported] = useState(false);
  const [deviceOn, setDeviceOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    getNotificationSettings().then(setSettings, (failure: unknown) =>
      setError(`Your reminder settings could not be loaded. ${reasonOf(failure)}`),
    );
    if (!pushSupported()) return;
    setSupported(true);
    currentSubscription().then(
      (subscription) => setDeviceOn(subscription !== null && Notification.permission === "granted"),
      () => {},
    );
  }, []);

  async function turnDeviceOn() {
    // Asked here, after the user's click, and only here.
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      setError(
        permission === "denied"
          ? "Notifications are blocked for this site. Allow them in the browser’s site settings, then try again."
          : "Notifications were not allowed.",
      );
      return;
    }
    const registration =
      (await navigator.serviceWorker.getRegistration("/")) ??
      (await navigator.serviceWorker.register("/sw.js"));
    await navigator.serviceWorker.ready;
    const publicKey = await getPushPublicKey();
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      }));
    const json = subscription.toJSON();
    if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth)
      throw new Error("The browser gave an incomplete subscription");
    await subscribePush({
      endpoint: json.endpoint,
      keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
    });
    setDeviceOn(true);
    setNotice("Reminders will show on this device.");
  }

  async function turnDeviceOff() {
    const subscription = await currentSubscription();
    if (subscription) {
      await unsubscribePush(subscription.endpoint).catch((failure: unknown) => {
        // Already gone on the server is what we want.
        if (!(failure instanceof ApiError && failure.status === 404)) throw failure;
      });
      await subscription.unsubscribe();
    }
    setDeviceOn(false);
    setNotice("Reminders will no longer show on this device.");
  }

  async function toggleDevice(on: boolean) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await (on ? turnDeviceOn() : turnDeviceOff());
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 503
          ? "This server does not send push notifications."
          : `That did not work. ${failure instanceof ApiError ? reasonOf(failure) : "The browser could not subscribe to push messages."}`,
      );
    } finally {
      setBusy(false);
    }
  }

  async function toggleEmail(on: boolean) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setSettings(await updateNotificationSettings({ emailReminders: on }));
      setNotice(on ? "Reminders will also come by email." : "Reminders will no longer come by email.");
    } catch (failure) {
      setError(reasonOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const pushOff = settings !== null && !settings.pushAvailable;
  const emailOff = settings !== null && !settings.emailAvailable;
  return (
    <div className="form">
      <p className="muted">
        A reminder always shows on an open Todo page. These send it when no page is open as well.
      </p>
      <div className="field">
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={deviceOn}
            disabled={busy || !supported || pushOff}
            onChange={(event) => void toggleDevice(event.target.checked)}
            aria-describedby={`${id}-device-hint`}
          />{" "}
          Reminders on this device
        </label>
        <p id={`${id}-device-hint`} className="hint">
          {!supported
            ? "This browser cannot show notifications from a website."
            : pushOff
              ? "This server does not send push notifications."
              : "Shows a notification here when a reminder is due. The browser asks for permission when you turn this on."}
        </p>
      </div>
      <div className="field">
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={settings?.emailReminders ?? false}
            disabled={busy || settings === null || emailOff}
            onChange={(event) => void toggleEmail(event.target.checked)}
            aria-describedby={`${id}-email-hint`}
          />{" "}
          Email reminders
        </label>
        <p id={`${id}-email-hint`} className="hint">
          {emailOff
            ? "This server does not send email, so email reminders are off."
            : "Also sends each reminder to your account’s email address."}
        </p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div role="status">{notice && <p className="notice-success">{notice}</p>}</div>
    </div>
  );
}
