import { listColors } from "@todo/contract/vocabulary";
import type { ListColor } from "@/lib/task-types";
import styles from "./list-dot.module.css";

export { listColors };

/** Colour names as people read them in a menu. */
export const COLOR_LABELS: Record<ListColor, string> = {
  grey: "Grey",
  red: "Red",
  orange: "Orange",
  yellow: "Yellow",
  green: "Green",
  teal: "Teal",
  blue: "Blue",
  purple: "Purple",
  pink: "Pink",
};

/** The class that paints a list's dot in its colour. */
export function dotClass(color: ListColor): string {
  return `${styles.dot} ${styles[color]}`;
}
