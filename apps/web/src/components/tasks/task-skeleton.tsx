import listStyles from "./task-list.module.css";
import styles from "./task-skeleton.module.css";

/** Placeholder rows while the first page of tasks loads. */
export function TaskSkeleton() {
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading your tasks…
      </p>
      <ul className={listStyles.list} aria-hidden="true">
        {["a", "b", "c"].map((key) => (
          <li key={key} className={styles.row}>
            <span className={`${styles.box} ${styles.check}`} />
            <span className={`${styles.box} ${styles.line}`} />
          </li>
        ))}
      </ul>
    </div>
  );
}
