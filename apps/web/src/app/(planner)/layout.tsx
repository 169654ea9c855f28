import type { ReactNode } from "react";
import { PlannerProvider } from "@/components/planner/planner-context";
import styles from "@/components/planner/planner-layout.module.css";
import { Sidebar } from "@/components/planner/sidebar";
import { SiteHeader } from "@/components/site-header";
import { getSession } from "@/lib/session.server";

// The planner's frame, kept across its pages (Inbox, Today, Upcoming, a
// list): the header, the sidebar, and what they share (lists, time zone)
// loaded once per visit rather than once per page.
export default async function PlannerLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  // Signed out: each page redirects to sign-in with its own address to come back to.
  if (!session) return children;
  const { user } = session;
  return (
    <>
      <SiteHeader user={{ name: user.name, email: user.email }} current="tasks" />
      <PlannerProvider userId={user.id}>
        <div className={styles.planner}>
          <Sidebar />
          <main id="main" className={`page ${styles.main}`}>
            {children}
          </main>
        </div>
      </PlannerProvider>
    </>
  );
}
