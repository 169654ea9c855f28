// Connecting an MCP client through OAuth (SPEC §11), in Chromium against the
// real stack: discovery from the API's protected-resource metadata, dynamic
// client registration, an authorization request with PKCE S256, sign-in, the
// consent page and its Allow button, the code at the redirect URI, the token
// exchange, a tool called with the official MCP client, then Revoke on
// /account, after which the app's refresh token no longer works.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  cspViolationsOf,
  launchBrowser,
  newContext,
  person,
  type Stack,
  seriousA11yProblems,
  startStack,
} from "./harness";

const REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";
const CLIENT_NAME = "Claude Test Assistant";

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe.skipIf(!chromiumPath)("MCP OAuth in the browser", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("registers, consents with Allow, calls a tool, and is cut off by Revoke", async () => {
    // Discovery, as an MCP client does it: the resource names its authorization server.
    const resourceMetadata = await json<{ resource: string; authorization_servers: string[] }>(
      await fetch(`${stack.api}/.well-known/oauth-protected-resource/mcp`),
    );
    const resource = resourceMetadata.resource;
    expect(resource).toMatch(/\/mcp$/);
    const issuer = resourceMetadata.authorization_servers[0] ?? "";
    const metadata = await json<{
      authorization_endpoint: string;
      token_endpoint: string;
      registration_endpoint: string;
      code_challenge_methods_supported: string[];
    }>(await fetch(`${issuer}/.well-known/oauth-authorization-server`));
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);

    // Dynamic client registration (RFC 7591), over HTTP.
    const registration = await fetch(metadata.registration_endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: CLIENT_NAME,
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        application_type: "native",
      }),
    });
    expect(registration.status).toBe(201);
    const { client_id: clientId } = await json<{ client_id: string }>(registration);

    // The person has an account; the browser is not signed in yet.
    const user = person("Mia");
    const signUp = await fetch(`${stack.web}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.web },
      body: JSON.stringify(user),
    });
    expect(signUp.status).toBe(200);

    const context = await newContext(browser);
    const page = await context.newPage();
    // Nothing listens at the redirect URI: answer it here, so the code can be read from the address.
    await context.route(`${REDIRECT_URI}**`, (route) => route.fulfill({ status: 200, body: "done" }));

    const verifier = randomBytes(32).toString("base64url");
    const state = randomUUID();
    const authorize = new URL(metadata.authorization_endpoint);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      state,
      scope: "tasks offline_access",
      resource,
    }).toString();
    await page.goto(authorize.toString());

    // Not signed in: the ordinary sign-in page, which carries on to the consent page.
    await page.waitForURL(/\/sign-in\?/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.waitForURL(/\/oauth\/consent\?/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(CLIENT_NAME);
    expect(await page.locator("main").textContent()).toContain(
      "See, add, change, complete and delete your tasks",
    );
    await expect(page.getByRole("button", { name: "Deny" }).isVisible()).resolves.toBe(true);
    expect(await seriousA11yProblems(page)).toEqual([]);

    const callback = page.waitForURL((url) => url.toString().startsWith(REDIRECT_URI));
    await page.getByRole("button", { name: "Allow", exact: true }).click();
    await callback;
    const redirected = new URL(page.url());
    expect(redirected.searchParams.get("state")).toBe(state);
    const code = redirected.searchParams.get("code");
    expect(code).toBeTruthy();

    // The token exchange, over HTTP, with the PKCE verifier and the resource.
    const exchange = await fetch(metadata.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: code ?? "",
        redirect_uri: REDIRECT_URI,
        client_id: clientId,
        code_verifier: verifier,
        resource,
      }),
    });
    expect(exchange.status).toBe(200);
    const tokens = await json<{ access_token: string; refresh_token: string; expires_in: number }>(exchange);
    expect(tokens.expires_in).toBeLessThanOrEqual(15 * 60);

    // The official MCP client, with that access token.
    const client = new Client({ name: "browser-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.api}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${tokens.access_token}` } },
      }),
    );
    const added = await client.callTool({ name: "add_task", arguments: { title: "Milk from my assistant" } });
    expect(added.isError).toBeFalsy();
    const listed = await client.callTool({ name: "list_tasks", arguments: { status: "pending" } });
    expect(JSON.stringify(listed.structuredContent)).toContain("Milk from my assistant");
    await client.close();

    // The app is listed on /account, and Revoke removes it.
    await page.goto(`${stack.web}/account`);
    const apps = page.getByRole("list", { name: "Connected apps" });
    expect(await apps.textContent()).toContain(CLIENT_NAME);
    await page.getByRole("button", { name: `Revoke ${CLIENT_NAME}` }).click();
    await page.getByText("No apps are connected.").waitFor();
    expect(await cspViolationsOf(page)).toEqual([]);

    // Its refresh token is dead.
    const refresh = await fetch(metadata.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      }),
    });
    expect(refresh.status).toBe(400);
    expect((await json<{ error: string }>(refresh)).error).toBe("invalid_grant");
    await context.close();
  });
});
