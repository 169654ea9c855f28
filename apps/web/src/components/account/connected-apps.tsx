// The apps connected to this account through OAuth (SPEC §11): each one's
// name, what it may do and since when, with Revoke. Read on the server from
// Better Auth's consent records, so the page arrives complete.
import { headers } from "next/headers";
import { getAuth } from "@/lib/auth.server";
import { describeGrant } from "@/lib/oauth-scopes";
import { RevokeAppButton } from "./revoke-app-button";

interface ConnectedApp {
  consentId: string;
  name: string;
  scopes: string[];
  grantedAt: Date;
}

async function connectedApps(): Promise<ConnectedApp[]> {
  const auth = getAuth();
  const requestHeaders = await headers();
  const consents = await auth.api.getOAuthConsents({ headers: requestHeaders });
  const apps = await Promise.all(
    consents.map(async (consent): Promise<ConnectedApp> => {
      // A client deleted since keeps its consent row until it is revoked; it is still listed.
      const client = await auth.api
        .getOAuthClientPublic({ query: { client_id: consent.clientId }, headers: requestHeaders })
        .catch(() => null);
      const name =
        typeof client?.client_name === "string" && client.client_name.trim() ? client.client_name : null;
      return {
        consentId: consent.id,
        name: name ?? `Unnamed app (${consent.clientId.slice(0, 8)}…)`,
        scopes: consent.scopes ?? [],
        grantedAt: new Date(consent.updatedAt ?? consent.createdAt ?? Date.now()),
      };
    }),
  );
  return apps.sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime());
}

export async function ConnectedApps() {
  const apps = await connectedApps();
  return (
    <section className="card" aria-labelledby="connected-apps-heading">
      <h2 id="connected-apps-heading">Connected apps</h2>
      <p className="muted">
        AI assistants and other apps you allowed to use your tasks through the MCP server. Revoking one ends
        its access: it cannot renew it, and the access token it holds stops working within 10 minutes.
      </p>
      {apps.length === 0 ? (
        <p>No apps are connected.</p>
      ) : (
        <ul className="connected-apps" aria-label="Connected apps">
          {apps.map((app) => (
            <li key={app.consentId}>
              <p>
                <strong>{app.name}</strong> · allowed{" "}
                <time dateTime={app.grantedAt.toISOString()}>
                  {app.grantedAt.toLocaleString("en-GB", {
                    dateStyle: "medium",
                    timeStyle: "short",
                    timeZone: "UTC",
                  })}{" "}
                  UTC
                </time>
              </p>
              <ul className="muted">
                {describeGrant(app.scopes).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <RevokeAppButton consentId={app.consentId} appName={app.name} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
