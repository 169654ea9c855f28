"use client";

import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import styles from "./toasts.module.css";

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  tone: "info" | "error";
  message: string;
  action?: ToastAction | undefined;
}

const MAX_SHOWN = 4;
let lastToastId = 0;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback(
    (toast: Omit<Toast, "id">, durationMs: number) => {
      const id = ++lastToastId;
      setToasts((current) => [...current.slice(-(MAX_SHOWN - 1)), { ...toast, id }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), durationMs),
      );
      return id;
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { toasts, show, dismiss };
}

/** One toast: its message, its action (which also closes it), and a close button. */
export function ToastView({ toast, onClose }: { toast: Omit<Toast, "id">; onClose: () => void }) {
  return (
    // `toast-info`, `toast-error`: stable hooks for the browser tests.
    <div
      className={[styles.toast, `toast-${toast.tone}`, toast.tone === "error" && styles.error]
        .filter(Boolean)
        .join(" ")}
    >
      <p>{toast.message}</p>
      {toast.action && (
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            toast.action?.run();
            onClose();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={onClose}>
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}

/**
 * Two live regions, present from the first render so that screen readers
 * announce what is added: news politely, failures at once. `children` joins
 * the polite one (the Undo offer).
 */
export function ToastRegion({
  toasts,
  dismiss,
  children,
}: {
  toasts: Toast[];
  dismiss: (id: number) => void;
  children?: ReactNode;
}) {
  const render = (toast: Toast) => (
    <ToastView key={toast.id} toast={toast} onClose={() => dismiss(toast.id)} />
  );
  return (
    <section className={styles.region} aria-label="Notifications">
      <div role="status">
        {toasts.filter((toast) => toast.tone === "info").map(render)}
        {children}
      </div>
      <div role="alert">{toasts.filter((toast) => toast.tone === "error").map(render)}</div>
    </section>
  );
}
