import { cookies } from "next/headers";
import Link from "next/link";
import { THEME_COOKIE, themeFromCookie } from "@/lib/theme";
import { SignOutButton } from "./sign-out-button";
import styles from "./site-header.module.css";
import { ThemeSelect } from "./theme-select";

interface SiteHeaderProps {
  /** The signed-in user; absent on the public pages. */
  user?: { name: string; email: string };
  /** The page being shown, marked in the navigation. */
  current?: "tasks" | "account";
}

export async function SiteHeader({ user, current }: SiteHeaderProps) {
  const theme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <header className={styles.topbar}>
      <Link className={styles.brand} href={user ? "/tasks" : "/"}>
        Todo
      </Link>
      {user && (
        <nav aria-label="Main" className={styles.nav}>
          <Link href="/tasks" aria-current={current === "tasks" ? "page" : undefined}>
            Tasks
          </Link>
          <Link href="/account" aria-current={current === "account" ? "page" : undefined}>
            Account
          </Link>
        </nav>
      )}
      <div className={styles.end}>
        <ThemeSelect initial={theme} className={styles.theme} />
        {user && (
          <>
            <span className={`muted ${styles.user}`} title={user.email}>
              {user.name || user.email}
            </span>
            <SignOutButton />
          </>
        )}
      </div>
    </header>
  );
}
