// What a browser and its push service do, for the tests of Web Push (SPEC §9):
// a subscription's keys (RFC 8291), decryption of what the server sent, the
// VAPID header's checks (RFC 8292), and a local HTTP push service that records
// every request and every TCP connection, answering by the path it is sent to.
import { createDecipheriv, createECDH, createHmac, type ECDH, randomBytes } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { importJWK, jwtVerify } from "jose";

export interface BrowserKeys {
  ecdh: ECDH;
  authSecret: Buffer;
  /** As PushSubscription.toJSON() gives them. */
  json: { p256dh: string; auth: string };
}

export function browserKeys(): BrowserKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    ecdh,
    authSecret,
    json: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") },
  };
}

const hmac = (key: Buffer, ...data: Buffer[]) => {
  const mac = createHmac("sha256", key);
  for (const part of data) mac.update(part);
  return mac.digest();
};

/** RFC 8291 §3 and RFC 8188: one aes128gcm record, decrypted with the browser's private key. */
export function decryptPush(body: Buffer, keys: BrowserKeys): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20] ?? 0;
  const serverPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error(`keyid is ${idLength} bytes, not an uncompressed P-256 key`);
  if (record.length > recordSize) throw new Error("more than one record");

  const ecdhSecret = keys.ecdh.computeSecret(serverPublic);
  // HKDF-SHA-256 with one block of output each time: T(1) = HMAC(PRK, info || 0x01).
  const prkKey = hmac(keys.authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), keys.ecdh.getPublicKey(), serverPublic]);
  const ikm = hmac(prkKey, keyInfo, Buffer.from([1]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0"), Buffer.from([1])).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0"), Buffer.from([1])).subarray(0, 12);

  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 followed by zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end).toString("utf8");
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`, the JWT ES256-signed by that key, for the endpoint's origin. */
export async function verifyVapid(authorization: string | undefined, endpoint: string, publicKey: string) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID header: ${authorization}`);
  const [, token, key] = match;
  if (key !== publicKey) throw new Error("k= is not the server's public key");
  const raw = Buffer.from(key, "base64url");
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: raw.subarray(1, 33).toString("base64url"),
    y: raw.subarray(33, 65).toString("base64url"),
  };
  const { payload, protectedHeader } = await jwtVerify(token, await importJWK(jwk, "ES256"), {
    algorithms: ["ES256"],
    audience: new URL(endpoint).origin,
    requiredClaims: ["exp", "sub"],
  });
  return { payload, protectedHeader };
}

export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PushService {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  received: ReceivedPush[];
  /** TCP connections accepted, whatever came over them. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Answers by path: `/gone-404`, `/gone-410`, `/error-500`, `/redirect` (307 to
 * `/redirected`), `/hang` (never answers), `/huge` (an endless body); anything
 * else 201.
 */
export async function startPushService(): Promise<PushService> {
  const received: ReceivedPush[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      if (path.endsWith("/gone-404")) res.writeHead(404).end();
      else if (path.endsWith("/gone-410")) res.writeHead(410).end();
      else if (path.endsWith("/error-500"))
        res.writeHead(500, { "content-type": "text/plain" }).end("busy\r\ntry later");
      else if (path.endsWith("/redirect")) res.writeHead(307, { location: "/push/redirected" }).end();
      else if (path.endsWith("/hang")) return;
      else if (path.endsWith("/huge")) {
        res.writeHead(201, { "content-type": "text/plain" });
        const chunk = Buffer.alloc(64 * 1024, 120);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        res.on("error", () => {});
        pump();
      } else res.writeHead(201).end();
    });
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
