// The OAuth consent page (SPEC §11): Better Auth's OAuth provider sends the
// signed-in user here with the authorization request, signed. It names the
// app as it registered itself, says what it may do, and asks: Allow or Deny.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ConsentForm } from "@/components/oauth/consent-form";
import { SiteHeader } from "@/components/site-header";
import { getAuth } from "@/lib/auth.server";
import { describeGrant } from "@/lib/oauth-scopes";
import { getSession } from "@/lib/session.server";
import { signInHref } from "@/lib/sign-in-redirect";

export const metadata: Metadata = { title: "Connect an app" };

type Params = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function clientName(clientId: string): Promise<string | null> {
  try {
    const client = await getAuth().api.getOAuthClientPublic({
      query: { client_id: clientId },
      headers: await headers(),
    });
    return typeof client.client_name === "string" && client.client_name.trim() ? client.client_name : null;
  } catch {
    return null;
  }
}

export default async function ConsentPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const session = await getSession();
  if (!session) redirect(signInHref("/oauth/consent", params));
  const clientId = one(params.client_id);
  const name = clientId ? await clientName(clientId) : null;
  const scopes = (one(params.scope) ?? "").split(" ").filter(Boolean);
  const resources = Array.isArray(params.resource)
    ? params.resource
    : params.resource
      ? [params.resource]
      : [];

  return (
    <>
      <SiteHeader user={{ name: session.user.name, email: session.user.email }} />
      <main id="main" className="page page-narrow">
        {!clientId || name === null ? (
          <>
            <h1>Unknown app</h1>
            <p className="form-error" role="alert">
              This request names no app we know. Start again from the app you want to connect.
            </p>
          </>
        ) : (
          <>
            <h1>Connect {name}?</h1>
            <p id="consent-summary">
              <strong>{name}</strong> wants to use your Todo account ({session.user.email}). If you allow it,
              it may:
            </p>
            <ul>
              {describeGrant(scopes).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            {resources.length > 0 && (
              <p className="muted">
                Through: {resources.join(", ")}. It never sees your password, and only you can see your tasks.
              </p>
            )}
            <p className="muted">
              The name above is what the app calls itself; only allow apps you set up yourself.
            </p>
            <ConsentForm clientName={name} />
          </>
        )}
      </main>
    </>
  );
}
