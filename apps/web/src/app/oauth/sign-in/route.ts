// Better Auth's OAuth provider sends a user who is not signed in here (its
// `loginPage`) with the authorization request's parameters, signed. Rather
// than teach the sign-in form about OAuth, this sends them to the ordinary
// sign-in page with the authorization request itself as `next`: once signed
// in, the browser goes back to /oauth2/authorize, which checks everything
// again and goes on to the consent page.
import { NextResponse } from "next/server";

/** The provider's own bookkeeping; the authorization endpoint adds them again. */
const signingParams = (name: string) => name === "sig" || name === "exp" || name.startsWith("ba_");

export function GET(request: Request) {
  const incoming = new URL(request.url).searchParams;
  const query = new URLSearchParams();
  for (const [name, value] of incoming) if (!signingParams(name)) query.append(name, value);
  const next = `/api/auth/oauth2/authorize?${query.toString()}`;
  // Relative: the address the browser used, whatever proxy is in front.
  return new NextResponse(null, {
    status: 303,
    headers: { Location: `/sign-in?next=${encodeURIComponent(next)}`, "Cache-Control": "no-store" },
  });
}
