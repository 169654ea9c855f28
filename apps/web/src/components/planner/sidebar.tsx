"use client";

// The planner's navigation (SPEC §7): Inbox, Today, Upcoming, then the
// user's lists, each link named by the list alone with its open count as the
// link's description; archived lists folded away; "New list". Beside the
// page on wide screens, a drawer behind a toggle button on phones.
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { List } from "@/lib/task-types";
import { dotClass } from "./list-colors";
import { ListForm } from "./list-form";
import { usePlanner } from "./planner-context";
import styles from "./sidebar.module.css";

const count = (n: number) => (n === 1 ? "1 open task" : `${n} open tasks`);

function NavLink({
  href,
  current,
  list,
  children,
}: {
  href: string;
  current: boolean;
  list?: List | undefined;
  children: ReactNode;
}) {
  const countId = list ? `list-count-${list.id}` : undefined;
  return (
    <li className={styles.item}>
      <Link
        href={href}
        className={styles.link}
        aria-current={current ? "page" : undefined}
        aria-describedby={countId}
      >
        {list && <span className={dotClass(list.color)} aria-hidden="true" />}
        <span className={styles.name}>{children}</span>
      </Link>
      {list && (
        <span id={countId} className={styles.count}>
          {list.openTaskCount}
          <span className="visually-hidden"> {count(list.openTaskCount).replace(/^\d+ /, "")}</span>
        </span>
      )}
    </li>
  );
}

/** One link per list, with its open count; the current list's marked. */
function ListLinks({
  lists,
  pathname,
  labelledBy,
}: {
  lists: List[];
  pathname: string;
  labelledBy?: string;
}) {
  return (
    <ul className={styles.links} aria-labelledby={labelledBy}>
      {lists.map((list) => (
        <NavLink
          key={list.id}
          href={`/lists/${list.id}`}
          current={pathname === `/lists/${list.id}`}
          list={list}
        >
          {list.name}
        </NavLink>
      ))}
    </ul>
  );
}

export function Sidebar() {
  const { lists, inbox, createList } = usePlanner();
  const pathname = usePathname();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  // A link followed closes the drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(() => setOpen(false), [pathname]);

  // The opened drawer takes the focus; Escape closes it and gives the focus back to its toggle.
  useEffect(() => {
    if (!open) return;
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggleRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const shown = (lists ?? []).filter((list) => !list.isInbox && !list.archived);
  const archived = (lists ?? []).filter((list) => list.archived);

  return (
    <>
      <button
        type="button"
        ref={toggleRef}
        className={`button ${styles.toggle}`}
        aria-expanded={open}
        aria-controls="planner-nav"
        onClick={() => setOpen((value) => !value)}
      >
        Lists and views
      </button>
      <nav
        id="planner-nav"
        aria-label="Planner"
        className={open ? `${styles.nav} ${styles.open}` : styles.nav}
      >
        <button
          type="button"
          className={`button button-small ${styles.close}`}
          onClick={() => setOpen(false)}
        >
          Close menu
        </button>
        <ul className={styles.links}>
          <NavLink href="/tasks" current={pathname === "/tasks"} list={inbox ?? undefined}>
            Inbox
          </NavLink>
          <NavLink href="/today" current={pathname === "/today"}>
            Today
          </NavLink>
          <NavLink href="/upcoming" current={pathname === "/upcoming"}>
            Upcoming
          </NavLink>
        </ul>
        <p id="planner-lists" className={styles.label}>
          Lists
        </p>
        {lists === null ? (
          <p className={`muted ${styles.note}`}>Loading…</p>
        ) : (
          <ListLinks lists={shown} pathname={pathname} labelledBy="planner-lists" />
        )}
        {creating ? (
          <div className={styles.create}>
            <ListForm
              submitLabel="Create list"
              onSubmit={async (values) => {
                const list = await createList(values);
                setCreating(false);
                router.push(`/lists/${list.id}`);
              }}
              onCancel={() => setCreating(false)}
            />
          </div>
        ) : (
          <button
            type="button"
            className={`button button-small ${styles.newList}`}
            onClick={() => setCreating(true)}
          >
            New list
          </button>
        )}
        {archived.length > 0 && (
          <details className={styles.archived}>
            <summary>Archived lists ({archived.length})</summary>
            <ListLinks lists={archived} pathname={pathname} />
          </details>
        )}
      </nav>
    </>
  );
}
