import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/session.server";

export default async function HomePage() {
  if (await getSession()) redirect("/tasks");
  return (
    <main id="main" className="page page-narrow">
      <h1 className="brand">Todo</h1>
      <p className="lead">A calm place for your own task list. Only you can see your tasks.</p>
      <div className="actions">
        <Link className="button button-primary" href="/sign-up">
          Create an account
        </Link>
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
      </div>
    </main>
  );
}
