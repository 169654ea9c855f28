// The web app (the token issuer) going down must not take the API with it:
// keys already fetched keep verifying tokens; only a token whose key the API
// has never seen gets 503 (it may be valid: the API cannot tell), never 401.
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import { type AuthServer, startAuthServer } from "./support/auth-server";
import { backends, type TestDb } from "./support/databases";
import { listen, type RunningServer } from "./support/http";
import { AUDIENCE, request } from "./support/stack";

const [embedded] = backends;

describe("while the token issuer is down", () => {
  let auth: AuthServer;
  let db: TestDb;
  let api: RunningServer;
  // Same app, but its fetched keys are due for a refresh on every request, as
  // they are once the 10-minute cache age has passed during a long outage.
  let stale: RunningServer;
  let issuerUp = true;

  beforeAll(async () => {
    if (!embedded) throw new Error("no back-end");
    auth = await startAuthServer({ apiURL: AUDIENCE });
    db = await embedded.create("tasks");
    const app = createApp({
      db: db.handle,
      webOrigin: auth.issuer,
      rateLimit: 0,
      // No cool-down: a token with an unknown key makes the API try the issuer at once.
      auth: {
        issuer: auth.issuer,
        audience: AUDIENCE,
        keys: createKeySource({ jwksUrl: auth.jwksUrl, cooldownMs: 0 }),
      },
    });
    api = await listen(app.fetch);
    const staleApp = createApp({
      db: db.handle,
      webOrigin: auth.issuer,
      rateLimit: 0,
      auth: {
        issuer: auth.issuer,
        audience: AUDIENCE,
        keys: createKeySource({ jwksUrl: auth.jwksUrl, cooldownMs: 0, cacheMaxAgeMs: 0 }),
        cacheSize: 0,
      },
    });
    stale = await listen(staleApp.fetch);
  });
  afterAll(async () => {
    await api?.close();
    await stale?.close();
    await db?.drop();
    if (issuerUp) await auth?.close();
  });

  it("keeps accepting tokens signed with cached keys, and answers 503 for a key it never saw", async () => {
    const user = await auth.signUp("Ada");
    // Minted before the outage, never shown to the API: each needs the key, not a remembered result.
    const later = await Promise.all(
      [1, 2, 3].map((n) => auth.signPayload({ sub: user.id, aud: AUDIENCE, jti: `later-${n}` })),
    );
    expect(new Set([user.token, ...later]).size).toBe(4);
    const now = Math.floor(Date.now() / 1000);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const unknownKey = await new SignJWT({ sub: user.id })
      .setProtectedHeader({ alg: "EdDSA", kid: "never-published" })
      .setIssuer(auth.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);

    // The first call fetches and caches the issuer's keys.
    expect((await request(api.url, "/api/me", { token: user.token })).status).toBe(200);
    expect((await request(stale.url, "/api/me", { token: user.token })).status).toBe(200);

    await auth.close();
    issuerUp = false;
    const unreachable = await fetch(auth.jwksUrl).then(
      () => false,
      () => true,
    );
    expect(unreachable).toBe(true);

    for (const token of later) {
      const me = await request(api.url, "/api/me", { token });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
      const created = await request(api.url, "/api/tasks", {
        method: "POST",
        token,
        json: { title: "offline" },
      });
      expect(created.status).toBe(201);
    }

    // Past the cache age the refresh fails; the keys last seen still verify.
    for (const token of [user.token, ...later])
      expect((await request(stale.url, "/api/me", { token })).status).toBe(200);
    expect((await request(stale.url, "/api/me", { token: unknownKey })).status).toBe(503);

    const refused = await request(api.url, "/api/me", { token: unknownKey });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("www-authenticate")).toBeNull();
  });
});
