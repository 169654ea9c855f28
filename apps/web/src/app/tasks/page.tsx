import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";
import { TaskList } from "@/components/task-list";
import { getSession } from "@/lib/session.server";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage() {
  const session = await getSession();
  if (!session) redirect("/sign-in?next=/tasks");
  const { user } = session;
  return (
    <>
      <header className="topbar">
        <span className="brand">Todo</span>
        <div className="topbar-user">
          <span className="muted" title={user.email}>
            {user.name || user.email}
          </span>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="page">
        <h1>Your tasks</h1>
        <TaskList />
      </main>
    </>
  );
}
