import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="page page-narrow">
        <h1>Page not found</h1>
        <p className="lead">There is nothing at this address.</p>
        <p>
          <Link href="/">Go to the start page</Link>
        </p>
      </main>
    </>
  );
}
