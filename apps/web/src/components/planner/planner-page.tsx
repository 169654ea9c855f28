import { redirect } from "next/navigation";
import { Suspense } from "react";
import { type PageScope, TaskApp } from "@/components/tasks/task-app";
import { TaskSkeleton } from "@/components/tasks/task-skeleton";
import { getSession } from "@/lib/session.server";
import { signInHref } from "@/lib/sign-in-redirect";
import { ListHeader } from "./list-header";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * One planner page inside the planner layout: its session check (back here
 * after signing in), its heading, and its tasks. A list's heading is its
 * name, which the browser knows once the lists are loaded.
 */
export async function PlannerPage({
  path,
  searchParams,
  heading,
  scope,
}: {
  path: string;
  searchParams: SearchParams;
  heading?: string;
  scope: PageScope;
}) {
  const session = await getSession();
  if (!session) redirect(signInHref(path, await searchParams));
  return (
    <>
      {scope.kind === "list" ? <ListHeader listId={scope.listId} /> : <h1>{heading}</h1>}
      {/* The list reads the view from the URL in the browser. */}
      <Suspense fallback={<TaskSkeleton />}>
        <TaskApp userId={session.user.id} scope={scope} />
      </Suspense>
    </>
  );
}
