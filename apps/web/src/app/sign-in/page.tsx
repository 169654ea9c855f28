import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { SiteHeader } from "@/components/site-header";
import { safeNextPath } from "@/lib/safe-next";
import { getSession } from "@/lib/session.server";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getSession()) redirect(next);
  const signUpHref = next === "/tasks" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`;
  return (
    <>
      <SiteHeader />
      <main id="main" className="page page-narrow">
        <h1>Sign in</h1>
        {params.reason === "session-ended" && (
          <p className="notice-info" role="status">
            Your session has ended. Sign in again to carry on; anything you had not saved yet is kept.
          </p>
        )}
        <SignInForm next={next} />
        <p className="muted">
          New here? <Link href={signUpHref}>Create an account</Link>
        </p>
      </main>
    </>
  );
}
