import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/sign-up-form";
import { SiteHeader } from "@/components/site-header";
import { safeNextPath } from "@/lib/safe-next";
import { getSession } from "@/lib/session.server";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath((await searchParams).next);
  if (await getSession()) redirect(next);
  const signInHref = next === "/tasks" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  return (
    <>
      <SiteHeader />
      <main id="main" className="page page-narrow">
        <h1>Create an account</h1>
        <SignUpForm next={next} />
        <p className="muted">
          Already have an account? <Link href={signInHref}>Sign in</Link>
        </p>
      </main>
    </>
  );
}
