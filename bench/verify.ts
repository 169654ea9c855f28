// `npm run bench:verify`: what checking a token costs.
//
//  - EdDSA (Ed25519) verifications per second with jose's jwtVerify, on a
//    token minted by a real Better Auth instance (the web app's createAuth),
//    against a local JWKS — the same call requireUser makes;
//  - the time the real requireUser middleware adds to a request: a minimal
//    Hono app is called through app.request() with and without it, and the
//    difference is the middleware's cost. Warm = the same token every time
//    (a cache hit after the first); cold = a token it has not seen (the cache
//    is off, or every request carries a freshly minted token).
//
// Each measurement runs for BENCH_VERIFY_SECONDS (default 2) per round, five
// rounds, alternating the variants; the median round is reported.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { createKeySource } from "../apps/api/src/auth/key-source";
import { type AuthVariables, requireUser } from "../apps/api/src/auth/require-user";
import { AUDIENCE, startIssuer } from "./lib/issuer";
import { root } from "./lib/processes";
import { fmt, machine, numberSetting, table, writeResults } from "./lib/report";

const seconds = numberSetting("BENCH_VERIFY_SECONDS", process.env.BENCH_VERIFY_SECONDS, 2);
const ROUNDS = 5;

/** Calls `op` (sync or async) in a loop for `seconds`; returns µs per call. */
async function measure(op: (i: number) => unknown): Promise<number> {
  const budget = seconds * 1000;
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < budget) {
    // Batches of 100 keep the clock out of the measurement.
    for (let j = 0; j < 100; j++) {
      const result = op(calls++);
      if (result instanceof Promise) await result;
    }
  }
  return ((performance.now() - started) * 1000) / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function rounds(variants: Record<string, (i: number) => unknown>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(variants)) samples[name] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, op] of Object.entries(variants)) samples[name]?.push(await measure(op));
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}

/** The list request's p50 at 1 connection on PostgreSQL from the newest `npm run bench` result, if any. */
function listRequestMs(): { ms: number; file: string } | undefined {
  const dir = path.join(root, "bench", "results");
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith("-api.json"))
      .sort();
  } catch {
    return undefined;
  }
  for (const file of files.reverse()) {
    const data = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      rows?: { backend: string; scenario: string; connections: number; p50: number }[];
    };
    const row = data.rows?.find(
      (r) => r.backend === "postgres" && r.scenario === "list" && r.connections === 1,
    );
    if (row) return { ms: row.p50, file: `bench/results/${file}` };
  }
  return undefined;
}

async function main() {
  const issuer = await startIssuer({ jwtExpiresIn: "12h" });
  try {
    const user = await issuer.signUp("Verify bench");
    const jwks = await issuer.jwks();
    const token = user.token;
    const header = decodeProtectedHeader(token);
    if (header.alg !== "EdDSA") throw new Error(`expected an EdDSA token, got ${header.alg}`);

    // Fresh tokens for the cold case: the same claims, each one new bytes.
    const now = Math.floor(Date.now() / 1000);
    const fresh: string[] = [];
    for (let i = 0; i < 2_000; i++)
      fresh.push(
        await issuer.signPayload({
          sub: user.id,
          email: user.email,
          name: "Verify bench",
          iss: issuer.issuer,
          aud: AUDIENCE,
          iat: now,
          exp: now + 12 * 3600,
          jti: String(i),
        }),
      );

    const localKeys = createLocalJWKSet(jwks);
    const options = {
      algorithms: ["EdDSA"],
      issuer: issuer.issuer,
      audience: AUDIENCE,
      requiredClaims: ["exp", "sub"],
    };
    await jwtVerify(token, localKeys, options);
    await jwtVerify(fresh[0] as string, localKeys, options);

    const keys = createKeySource({ jwks, jwksUrl: new URL(`${issuer.issuer}/api/auth/jwks`) });
    const auth = { issuer: issuer.issuer, audience: AUDIENCE, keys };
    const handler = (c: { json: (v: unknown) => Response }) => c.json({ ok: true });
    const bare = new Hono().get("/api/x", handler);
    const warm = new Hono<{ Variables: AuthVariables }>()
      .use("/api/*", requireUser(auth))
      .get("/api/x", handler);
    const noCache = new Hono<{ Variables: AuthVariables }>()
      .use("/api/*", requireUser({ ...auth, cacheSize: 0 }))
      .get("/api/x", handler);
    // A new middleware (so an empty cache) each time the fresh tokens run out.
    const withEmptyCache = () =>
      new Hono<{ Variables: AuthVariables }>()
        .use("/api/*", requireUser({ ...auth, cacheSize: 10_000 }))
        .get("/api/x", handler);
    let newTokens = withEmptyCache();
    const call = (
      app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
      t: string,
    ) =>
      Promise.resolve(app.request("/api/x", { headers: { authorization: `Bearer ${t}` } })).then((r) => {
        if (r.status !== 200) throw new Error(`unexpected status ${r.status}`);
      });
    await call(warm, token);
    await call(noCache, token);

    console.error(`[verify] ${ROUNDS} rounds × ${seconds} s per variant…`);
    const jose = await rounds({
      jwtVerify: () => jwtVerify(token, localKeys, options),
      sha256: () => createHash("sha256").update(token).digest("base64url"),
    });
    let fresher = 0;
    const nextFresh = () => {
      const i = fresher++ % fresh.length;
      if (i === 0) newTokens = withEmptyCache();
      return fresh[i] as string;
    };
    const app = await rounds({
      bare: () => call(bare, token),
      warm: () => call(warm, token),
      cold: () => call(noCache, token),
      coldNewToken: () => call(newTokens, nextFresh()),
    });

    const bareUs = app.bare ?? NaN;
    const warmUs = (app.warm ?? NaN) - bareUs;
    const coldUs = (app.cold ?? NaN) - bareUs;
    const verifyUs = jose.jwtVerify ?? NaN;
    const list = listRequestMs();
    const rows = [
      ["jose jwtVerify (EdDSA, local JWKS)", fmt(verifyUs), fmt(1e6 / verifyUs)],
      ["SHA-256 of the token (cache key)", fmt(jose.sha256 ?? NaN), fmt(1e6 / (jose.sha256 ?? NaN))],
      ["Hono app.request, no middleware", fmt(bareUs), fmt(1e6 / bareUs)],
      ["+ requireUser, warm (cache hit)", fmt(app.warm ?? NaN), fmt(1e6 / (app.warm ?? NaN))],
      ["+ requireUser, cold (cache off)", fmt(app.cold ?? NaN), fmt(1e6 / (app.cold ?? NaN))],
      [
        "+ requireUser, cold (new token, cache on)",
        fmt(app.coldNewToken ?? NaN),
        fmt(1e6 / (app.coldNewToken ?? NaN)),
      ],
    ];
    console.log(table(["measurement", "µs per call", "per second"], rows));
    console.log("");
    console.log(`requireUser adds ${fmt(warmUs)} µs warm, ${fmt(coldUs)} µs cold (cache off) per request`);
    const coldNewUs = (app.coldNewToken ?? NaN) - bareUs;
    console.log(`a token seen for the first time (verified, then remembered): ${fmt(coldNewUs)} µs`);
    if (list)
      console.log(
        `list request p50 at 1 connection on PostgreSQL: ${fmt(list.ms)} ms (${list.file}); ` +
          `warm requireUser = ${((warmUs / 1000 / list.ms) * 100).toFixed(1)}% of it, ` +
          `cold = ${((coldUs / 1000 / list.ms) * 100).toFixed(1)}%`,
      );
    else console.log("run `npm run bench` first to compare with the list request's time");
    const file = writeResults("verify", {
      kind: "verify",
      at: new Date().toISOString(),
      machine: machine(),
      settings: { seconds, rounds: ROUNDS },
      microseconds: {
        jwtVerify: verifyUs,
        sha256: jose.sha256,
        ...app,
        warmAdded: warmUs,
        coldAdded: coldUs,
        coldNewTokenAdded: coldNewUs,
      },
      verificationsPerSecond: 1e6 / verifyUs,
      listRequest: list,
    });
    console.log(`results: ${file}`);
  } finally {
    await issuer.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:verify: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
