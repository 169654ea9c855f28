"use client";

import type { UndoOffer } from "@/lib/task-store";
import { ToastView } from "./toasts";

/** The store's one Undo offer, for as long as its window is open. Closing it sends the delete now. */
export function UndoToast({
  offer,
  onUndo,
  onClose,
}: {
  offer: UndoOffer | null;
  onUndo: () => void;
  onClose: () => void;
}) {
  if (!offer) return null;
  return (
    <ToastView
      key={offer.id}
      toast={{
        tone: "info",
        message: `Deleted “${offer.task.title}”. Ctrl+Z brings it back.`,
        action: { label: "Undo", run: onUndo },
      }}
      onClose={onClose}
    />
  );
}
