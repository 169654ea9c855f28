import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SiteHeader } from "@/components/site-header";
import { TaskApp } from "@/components/tasks/task-app";
import { TaskSkeleton } from "@/components/tasks/task-skeleton";
import { getSession } from "@/lib/session.server";
import { signInHref } from "@/lib/sign-in-redirect";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await getSession();
  if (!session) redirect(signInHref("/tasks", await searchParams));
  const { user } = session;
  return (
    <>
      <SiteHeader user={{ name: user.name, email: user.email }} current="tasks" />
      <main id="main" className="page">
        <h1>Your tasks</h1>
        {/* The list reads the view from the URL in the browser. */}
        <Suspense fallback={<TaskSkeleton />}>
          <TaskApp userId={user.id} />
        </Suspense>
      </main>
    </>
  );
}
