// The browser's API client, with fetch and the document stubbed.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiFetch, clearApiToken } from "../src/lib/api-client";

const API = "https://api.example.test";

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "EdDSA", kid: "k1" })}.${part(claims)}.signature`;
}

function tokenFor(n: number, lifetimeSeconds = 900): string {
  const iat = Math.floor(Date.now() / 1000);
  return jwt({ sub: "user-1", n, iat, exp: iat + lifetimeSeconds });
}

function json(body: unknown, status = 200, type = "application/json"): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

let fetchMock: ReturnType<typeof vi.fn<Handler>>;
let tokensIssued = 0;

/** Same-origin token endpoint + an API handler; records every call. */
function serve(api: Handler, token: () => Response = () => json({ token: tokenFor(++tokensIssued) })) {
  fetchMock = vi.fn<Handler>(async (url, init) => (url === "/api/auth/token" ? token() : api(url, init)));
  vi.stubGlobal("fetch", fetchMock);
}

function apiCalls() {
  return fetchMock.mock.calls.filter(([url]) => url !== "/api/auth/token");
}

function tokenCalls() {
  return fetchMock.mock.calls.filter(([url]) => url === "/api/auth/token");
}

function bearerOf(init: RequestInit | undefined): string | null {
  return new Headers(init?.headers).get("Authorization");
}

beforeEach(() => {
  tokensIssued = 0;
  clearApiToken();
  vi.stubGlobal("document", { documentElement: { dataset: { apiUrl: `${API}/` } } });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("apiFetch", () => {
  it("sends a Bearer token to the API address given by the page, without cookies", async () => {
    serve(() => json({ items: [], nextCursor: null }));
    const page = await apiFetch<{ items: unknown[] }>("/api/tasks?limit=5");
    expect(page).toEqual({ items: [], nextCursor: null });

    const [call] = apiCalls();
    expect(call?.[0]).toBe(`${API}/api/tasks?limit=5`);
    expect(bearerOf(call?.[1])).toMatch(/^Bearer ey/);
    expect(call?.[1].credentials).toBe("omit");
    const [tokenCall] = tokenCalls();
    expect(tokenCall?.[1].credentials).toBe("same-origin");
  });

  it("sends JSON bodies and returns undefined for 204", async () => {
    serve((_url, init) =>
      init.method === "DELETE" ? new Response(null, { status: 204 }) : json({ id: "t1" }, 201),
    );
    await expect(apiFetch("/api/tasks", { method: "POST", json: { title: "Milk" } })).resolves.toEqual({
      id: "t1",
    });
    const [, init] = apiCalls()[0] ?? [];
    expect(init?.body).toBe(JSON.stringify({ title: "Milk" }));
    expect(new Headers(init?.headers).get("Content-Type")).toBe("application/json");
    await expect(apiFetch("/api/tasks/t1", { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("reuses the token until 30 seconds before it expires", async () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z"), toFake: ["Date"] });
    serve(() => json({}));
    await apiFetch("/api/me");
    await apiFetch("/api/me");
    expect(tokenCalls()).toHaveLength(1);

    vi.setSystemTime(Date.now() + (900 - 31) * 1000);
    await apiFetch("/api/me");
    expect(tokenCalls()).toHaveLength(1);

    vi.setSystemTime(Date.now() + 2_000);
    await apiFetch("/api/me");
    expect(tokenCalls()).toHaveLength(2);
  });

  it("shares one token request between concurrent calls", async () => {
    serve(() => json({}));
    await Promise.all([apiFetch("/api/me"), apiFetch("/api/me"), apiFetch("/api/me")]);
    expect(tokenCalls()).toHaveLength(1);
  });

  it("on a 401 from the API fetches a fresh token and retries once", async () => {
    let first = true;
    serve(() => {
      if (first) {
        first = false;
        return json({ status: 401, title: "Unauthorized" }, 401, "application/problem+json");
      }
      return json({ ok: true });
    });
    await expect(apiFetch("/api/me")).resolves.toEqual({ ok: true });
    const [a, b] = apiCalls();
    expect(bearerOf(a?.[1])).not.toBe(bearerOf(b?.[1]));
    expect(tokenCalls()).toHaveLength(2);
  });

  it("sends the caller's headers, such as an Idempotency-Key, unchanged on that retry", async () => {
    let first = true;
    serve(() => {
      if (first) {
        first = false;
        return json({ status: 401, title: "Unauthorized" }, 401, "application/problem+json");
      }
      return json({ id: "t1" }, 201);
    });
    await apiFetch("/api/tasks", {
      method: "POST",
      json: { title: "Once" },
      headers: { "Idempotency-Key": "k-1" },
    });
    const [a, b] = apiCalls();
    expect(new Headers(a?.[1].headers).get("Idempotency-Key")).toBe("k-1");
    expect(new Headers(b?.[1].headers).get("Idempotency-Key")).toBe("k-1");
    expect(b?.[1].body).toBe(JSON.stringify({ title: "Once" }));
  });

  it("gives up after the retry also gets 401", async () => {
    serve(() => json({ status: 401, title: "Unauthorized" }, 401, "application/problem+json"));
    const error = await apiFetch("/api/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).sessionExpired).toBe(false);
    expect(apiCalls()).toHaveLength(2);
  });

  it("turns problem+json into a typed ApiError", async () => {
    serve(() =>
      json(
        {
          type: "about:blank",
          title: "Unprocessable Content",
          status: 422,
          detail: "The task is not valid.",
          errors: [{ path: "title", message: "Title must be 1–200 characters" }, { bogus: true }],
        },
        422,
        "application/problem+json",
      ),
    );
    const error = (await apiFetch("/api/tasks", { method: "POST", json: { title: "" } }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      title: "Unprocessable Content",
      detail: "The task is not valid.",
      errors: [{ path: "title", message: "Title must be 1–200 characters" }],
      message: "The task is not valid.",
    });
  });

  it("reports an ended session when the token endpoint says 401", async () => {
    serve(
      () => json({}),
      () => json({ message: "Unauthorized" }, 401),
    );
    const error = (await apiFetch("/api/me").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.sessionExpired).toBe(true);
    expect(apiCalls()).toHaveLength(0);
  });

  it("reports an unreachable server as status 0", async () => {
    serve(() => {
      throw new TypeError("fetch failed");
    });
    const error = (await apiFetch("/api/me").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
  });

  it("forgets the token on clearApiToken (sign-out)", async () => {
    serve(() => json({}));
    await apiFetch("/api/me");
    clearApiToken();
    await apiFetch("/api/me");
    expect(tokenCalls()).toHaveLength(2);
  });
});
