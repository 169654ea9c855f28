// The README's quick start, for real: `node scripts/start.mjs` (what
// `npm start` runs) on a fresh data folder, then a person's whole journey over
// HTTP — sign up on the web app, get a token, use the API — and a restart.
import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StackProcess, signUp, startStack, tokenFor, webIsBuilt } from "./support";

describe.skipIf(!webIsBuilt && !process.env.CI)("npm start on a fresh machine", () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.dispose());

  async function token(cookie: string): Promise<string> {
    const response = await tokenFor(stack.web, cookie);
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  const callApi = (token: string, pathname: string, init: RequestInit = {}) =>
    fetch(`${stack.api}${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });

  it("lets two people sign up, get tokens and keep separate task lists", async () => {
    const ada = await signUp(stack.web, "Ada");
    const bo = await signUp(stack.web, "Bo");
    const adaToken = await token(ada.cookie);
    const boToken = await token(bo.cookie);

    const me = (await (await callApi(adaToken, "/api/me")).json()) as { email: string };
    expect(me.email).toBe(ada.email);

    const created = await callApi(adaToken, "/api/tasks", {
      method: "POST",
      body: JSON.stringify({ title: "Ada's task", tags: ["e2e"] }),
    });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: string };

    expect((await callApi(boToken, `/api/tasks/${task.id}`)).status).toBe(404);
    const boList = (await (await callApi(boToken, "/api/tasks")).json()) as { items: unknown[] };
    expect(boList.items).toHaveLength(0);

    // The web app guards its pages with the session.
    const guarded = await fetch(`${stack.web}/tasks`, { redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(guarded.status);
    expect(guarded.headers.get("location")).toContain("/sign-in");
    const signedIn = await fetch(`${stack.web}/tasks`, {
      headers: { cookie: ada.cookie },
      redirect: "manual",
    });
    expect(signedIn.status).toBe(200);
  });

  it("keeps accounts and tasks across a restart, and stops cleanly on SIGTERM", async () => {
    const cy = await signUp(stack.web, "Cy");
    const first = await token(cy.cookie);
    const created = await callApi(first, "/api/tasks", {
      method: "POST",
      body: JSON.stringify({ title: "survives" }),
    });
    const { id } = (await created.json()) as { id: string };

    expect(await stack.stop()).toBe(0);
    await stack.restart();

    const again = await token(cy.cookie);
    const read = await callApi(again, `/api/tasks/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { title: string }).title).toBe("survives");
    // The old token still verifies: the signing key survived the restart too.
    expect((await callApi(first, "/api/me")).status).toBe(200);

    // The generated secret and both embedded databases live in DATA_DIR, owner-only.
    expect(statSync(path.join(stack.dataDir, "web", "auth-secret")).mode & 0o077).toBe(0);
    expect(statSync(path.join(stack.dataDir, "api")).mode & 0o077).toBe(0);
    expect(await stack.stop()).toBe(0);
  });
});
