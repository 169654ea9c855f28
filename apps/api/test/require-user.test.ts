// Every way a token can be wrong gets 401 with WWW-Authenticate, through the
// real HTTP stack; real Better Auth tokens pass. Token checks do not depend on
// the database, so this file runs on the embedded one.
import net from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { listen, type RunningServer } from "./support/http";
import { AUDIENCE, request, type Stack, startStack } from "./support/stack";

const [embedded] = backends;
if (!embedded) throw new Error("no backend");

let stack: Stack;
let alice: TestUser;
const now = () => Math.floor(Date.now() / 1000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const split = (token: string) => token.split(".") as [string, string, string];

function expectInvalidToken(response: { status: number; headers: Headers; body: { status?: number } }) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(response.body.status).toBe(401);
}

beforeAll(async () => {
  stack = await startStack(embedded);
  alice = await stack.auth.signUp("Alice");
});
afterAll(() => stack.close());

describe("a real Better Auth token", () => {
  it("is accepted and names the caller", async () => {
    const me = await stack.request("/api/me", { token: alice.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: alice.id, email: alice.email, name: "Alice", timeZone: "UTC" });
  });

  it("is accepted whatever the case of the scheme word", async () => {
    for (const scheme of ["bearer", "BEARER", "BeArEr"]) {
      const me = await stack.request("/api/me", { headers: { authorization: `${scheme} ${alice.token}` } });
      expect(me.status, scheme).toBe(200);
    }
  });

  it("is signed with EdDSA and carries the contract's claims", async () => {
    const [header, payload] = split(alice.token)
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header).toMatchObject({ alg: "EdDSA", kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: alice.id,
      iss: stack.auth.issuer,
      aud: AUDIENCE,
      email: alice.email,
    });
    expect(payload.exp - payload.iat).toBe(15 * 60);
  });
});

describe("refused with 401", () => {
  const cases: [string, () => Promise<Record<string, string>> | Record<string, string>][] = [
    ["no Authorization header", () => ({})],
    ["an empty Authorization header", () => ({ authorization: "" })],
    ["the Basic scheme", () => ({ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` })],
    ["a token with no scheme", () => ({ authorization: alice.token })],
    ["Bearer with no token", () => ({ authorization: "Bearer " })],
    ["Bearer with two spaces", () => ({ authorization: `Bearer  ${alice.token}` })],
    ["a token that is not a JWT", () => ({ authorization: "Bearer not-a-jwt" })],
    ["two segments", () => ({ authorization: `Bearer ${split(alice.token).slice(0, 2).join(".")}` })],
    [
      "bad base64 in the header",
      () => ({ authorization: `Bearer !!!.${split(alice.token)[1]}.${split(alice.token)[2]}` }),
    ],
    [
      "a payload that is not an object",
      () => ({
        authorization: `Bearer ${split(alice.token)[0]}.${b64("just a string")}.${split(alice.token)[2]}`,
      }),
    ],
    [
      "a tampered payload (sub changed, signature kept)",
      () => {
        const [h, p, s] = split(alice.token);
        const claims = JSON.parse(Buffer.from(p, "base64url").toString());
        return { authorization: `Bearer ${h}.${b64({ ...claims, sub: "someone-else" })}.${s}` };
      },
    ],
    [
      "a bad signature",
      () => {
        const [h, p, s] = split(alice.token);
        const flipped = s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);
        return { authorization: `Bearer ${h}.${p}.${flipped}` };
      },
    ],
    ...["none", "None", "NONE", "nOnE"].map((alg): [string, () => Record<string, string>] => [
      `alg ${alg}`,
      () => {
        const [, p] = split(alice.token);
        return { authorization: `Bearer ${b64({ alg, typ: "JWT" })}.${p}.` };
      },
    ]),
    [
      "HS256 signed with the issuer's public key",
      async () => {
        const { keys } = await stack.auth.jwks();
        const jwk = keys[0] as { kid: string; x: string };
        const claims = JSON.parse(Buffer.from(split(alice.token)[1], "base64url").toString());
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: "HS256", kid: jwk.kid })
          .sign(Buffer.from(jwk.x, "base64url"));
        return { authorization: `Bearer ${token}` };
      },
    ],
    [
      "HS256 signed with the JWK's JSON text",
      async () => {
        const { keys } = await stack.auth.jwks();
        const jwk = keys[0] as { kid: string };
        const claims = JSON.parse(Buffer.from(split(alice.token)[1], "base64url").toString());
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: "HS256", kid: jwk.kid })
          .sign(new TextEncoder().encode(JSON.stringify(jwk)));
        return { authorization: `Bearer ${token}` };
      },
    ],
    [
      "an unknown kid (a key the issuer never published)",
      async () => {
        const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
        const claims = JSON.parse(Buffer.from(split(alice.token)[1], "base64url").toString());
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: "EdDSA", kid: "unknown" })
          .sign(privateKey);
        return { authorization: `Bearer ${token}` };
      },
    ],
    [
      "the issuer's kid on a token signed by another key",
      async () => {
        const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
        const { keys } = await stack.auth.jwks();
        const claims = JSON.parse(Buffer.from(split(alice.token)[1], "base64url").toString());
        const token = await new SignJWT(claims)
          .setProtectedHeader({ alg: "EdDSA", kid: String(keys[0]?.kid) })
          .sign(privateKey);
        return { authorization: `Bearer ${token}` };
      },
    ],
    [
      "a wrong issuer (signed by the real key)",
      async () => ({
        authorization: `Bearer ${await stack.auth.signPayload({ sub: alice.id, iss: "https://evil.example", aud: AUDIENCE })}`,
      }),
    ],
    [
      "a wrong audience (signed by the real key)",
      async () => ({
        authorization: `Bearer ${await stack.auth.signPayload({ sub: alice.id, aud: "https://other-api.example" })}`,
      }),
    ],
    [
      "an expired token (signed by the real key)",
      async () => ({
        authorization: `Bearer ${await stack.auth.signPayload({ sub: alice.id, aud: AUDIENCE, iat: now() - 120, exp: now() - 60 })}`,
      }),
    ],
    [
      "nbf in the future (signed by the real key)",
      async () => ({
        authorization: `Bearer ${await stack.auth.signPayload({ sub: alice.id, aud: AUDIENCE, nbf: now() + 3600 })}`,
      }),
    ],
    [
      "no sub (signed by the real key)",
      async () => ({
        authorization: `Bearer ${await stack.auth.signPayload({ aud: AUDIENCE, email: alice.email })}`,
      }),
    ],
    [
      "an empty sub (signed by the real key)",
      async () => ({ authorization: `Bearer ${await stack.auth.signPayload({ sub: "", aud: AUDIENCE })}` }),
    ],
  ];

  it.each(cases)("%s", async (_name, headers) => {
    const response = await stack.request("/api/tasks", { headers: await headers() });
    expectInvalidToken(response);
    expect(JSON.stringify(response.body)).not.toContain(alice.email);
  });

  it("a token only in the query string", async () => {
    expectInvalidToken(await stack.request(`/api/tasks?access_token=${alice.token}`));
    expectInvalidToken(await stack.request(`/api/tasks?token=${alice.token}`));
  });

  it("a token only in a cookie", async () => {
    expectInvalidToken(await stack.request("/api/tasks", { headers: { cookie: `token=${alice.token}` } }));
    expectInvalidToken(await stack.request("/api/tasks", { headers: { cookie: alice.cookie } }));
  });

  it("two Authorization headers", async () => {
    // Written on a raw socket: fetch and node:http clients merge or refuse duplicate headers.
    const url = new URL(stack.api.url);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () =>
        socket.write(
          `GET /api/me HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${alice.token}\r\n` +
            `Authorization: Bearer ${alice.token}\r\nConnection: close\r\n\r\n`,
        ),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 401 Unauthorized");
    expect(head).not.toContain(alice.email);
  });

  it("a token that has outlived a short JWT_EXPIRES_IN", async () => {
    const shortLived = await startStack(embedded, { jwtExpiresIn: "2s" });
    try {
      const bob = await shortLived.auth.signUp("Bob");
      expect((await shortLived.request("/api/me", { token: bob.token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      expectInvalidToken(await shortLived.request("/api/me", { token: bob.token }));
    } finally {
      await shortLived.close();
    }
  });
});

describe("claims checked by the one middleware (a trusted key we hold, given as JWT_JWKS)", () => {
  let api: RunningServer;
  let sign: (payload: JWTPayload, header?: Record<string, unknown>) => Promise<string>;
  const issuer = "https://issuer.test";

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const jwk = { ...(await exportJWK(publicKey)), kid: "local-1", alg: "EdDSA" };
    const app = createApp({
      db: stack.db.handle,
      webOrigin: issuer,
      rateLimit: 0,
      auth: {
        issuer,
        audience: AUDIENCE,
        keys: createKeySource({ jwks: { keys: [jwk] }, jwksUrl: new URL("http://127.0.0.1:9/unused") }),
      },
    });
    api = await listen(app.fetch);
    // Signed by hand, not with jose's SignJWT, which refuses to make some of the bad tokens below.
    sign = async (payload, header = { alg: "EdDSA", kid: "local-1" }) => {
      const input = `${b64(header)}.${b64(payload)}`;
      const signature = await crypto.subtle.sign("Ed25519", privateKey, new TextEncoder().encode(input));
      return `${input}.${Buffer.from(signature).toString("base64url")}`;
    };
  });
  afterAll(() => api.close());

  const valid = () => ({ sub: "user-1", iss: issuer, aud: AUDIENCE, iat: now(), exp: now() + 60 });

  it("accepts a well-formed token", async () => {
    const me = await request(api.url, "/api/me", { token: await sign(valid()) });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: "user-1", timeZone: "UTC" });
  });

  it.each<[string, () => Promise<string>]>([
    ["no exp", () => sign({ ...valid(), exp: undefined })],
    ["no kid", () => sign(valid(), { alg: "EdDSA" })],
    [
      "an unknown critical header",
      () => sign(valid(), { alg: "EdDSA", kid: "local-1", crit: ["x-unknown"], "x-unknown": 1 }),
    ],
    ["a numeric sub", () => sign({ ...valid(), sub: 12345 as unknown as string })],
    ["an array sub", () => sign({ ...valid(), sub: ["user-1"] as unknown as string })],
    [
      "an audience list without ours",
      () => sign({ ...valid(), aud: ["https://a.example", "https://b.example"] }),
    ],
    ["an exp that is not a number", () => sign({ ...valid(), exp: "tomorrow" as unknown as number })],
  ])("refuses %s", async (_name, token) => {
    expectInvalidToken(await request(api.url, "/api/me", { token: await token() }));
  });
});

describe("when the issuer's keys cannot be fetched", () => {
  it("answers 503, not 401, since the token may be fine", async () => {
    const closed = await listen(() => new Response("gone", { status: 500 }));
    const unreachable = closed.url;
    await closed.close();
    const app = createApp({
      db: stack.db.handle,
      webOrigin: stack.auth.issuer,
      rateLimit: 0,
      auth: {
        issuer: stack.auth.issuer,
        audience: AUDIENCE,
        keys: createKeySource({ jwksUrl: new URL(`${unreachable}/api/auth/jwks`) }),
      },
    });
    const api = await listen(app.fetch);
    try {
      const response = await request(api.url, "/api/me", { token: alice.token });
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    } finally {
      await api.close();
    }
  });
});

describe("key rotation", () => {
  it("accepts a token signed by a newer key after refetching the JWKS, and old tokens still verify", async () => {
    const before = alice.token;
    expect((await stack.request("/api/me", { token: before })).status).toBe(200);
    await stack.auth.rotateKey();
    const after = await stack.auth.tokenFor(alice.cookie);
    const kid = (token: string) => JSON.parse(Buffer.from(split(token)[0], "base64url").toString()).kid;
    expect(kid(after)).not.toBe(kid(before));
    expect((await stack.request("/api/me", { token: after })).status).toBe(200);
    expect((await stack.request("/api/me", { token: before })).status).toBe(200);
  });
});
