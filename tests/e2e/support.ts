// Helpers for the end-to-end suite: the real stack (@todo/testing/stack)
// and Better Auth calls made as a browser would make them.
export { root, type StackProcess, startStack, webIsBuilt } from "@todo/testing/stack";

export interface Account {
  email: string;
  password: string;
  cookie: string;
}

export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Calls a Better Auth endpoint of the web app as a browser would (same-origin POST). */
export function authCall(
  web: string,
  pathname: string,
  body: unknown,
  cookie = "",
  extra: Record<string, string> = {},
) {
  return fetch(`${web}/api/auth${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web, cookie, ...extra },
    body: JSON.stringify(body),
  });
}

export async function signUp(web: string, name = "Test", password = "a long passphrase"): Promise<Account> {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const response = await authCall(web, "/sign-up/email", { name, email, password });
  if (response.status !== 200) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  return { email, password, cookie: cookiesOf(response) };
}

export async function tokenFor(web: string, cookie: string): Promise<Response> {
  return fetch(`${web}/api/auth/token`, { headers: { cookie } });
}
