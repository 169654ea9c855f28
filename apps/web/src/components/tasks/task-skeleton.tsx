/** Placeholder rows while the first page of tasks loads. */
export function TaskSkeleton() {
  return (
    <div className="skeleton" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading your tasks…
      </p>
      <ul className="task-list" aria-hidden="true">
        {["a", "b", "c"].map((key) => (
          <li key={key} className="task skeleton-row">
            <span className="skeleton-box skeleton-check" />
            <span className="skeleton-box skeleton-line" />
          </li>
        ))}
      </ul>
    </div>
  );
}
