import Link from "next/link";
import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/site-header";
import { getSession } from "@/lib/session.server";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getSession()) redirect("/tasks");
  const deleted = (await searchParams).account === "deleted";
  return (
    <>
      <SiteHeader />
      <main id="main" className="page page-narrow">
        {deleted && (
          <p className="notice-info" role="status">
            Your account and all of its tasks have been deleted.
          </p>
        )}
        <h1>A calm place for your tasks</h1>
        <p className="lead">
          Add what needs doing, give it a due date, a priority and tags, and tick it off. Only you can see
          your tasks.
        </p>
        <div className="actions">
          <Link className="button button-primary" href="/sign-up">
            Create an account
          </Link>
          <Link className="button" href="/sign-in">
            Sign in
          </Link>
        </div>
      </main>
    </>
  );
}
