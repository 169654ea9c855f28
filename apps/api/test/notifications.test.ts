// Reminders outside the page (SPEC §9, issue 13 items 4 and 5), through real
// HTTP on every database back-end: the push routes, Web Push to a local push
// service (the VAPID header verified, the payload decrypted per RFC 8291),
// what a push service's answer does to a subscription, the SSRF rules at
// subscription and at send time, and reminder email through a local SMTP server.
import { createPushSubscriptionStore } from "@todo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import webpush from "web-push";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import { createLogger } from "../src/logger";
import {
  createReminderDelivery,
  type PushSettings,
  type ReminderNotice,
  type Resolver,
} from "../src/notifications/reminder-delivery";
import type { NotificationOptions } from "../src/services/notifications";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { listen, type RunningServer } from "./support/http";
import {
  type BrowserKeys,
  browserKeys,
  decryptPush,
  type PushService,
  startPushService,
  verifyVapid,
} from "./support/push-endpoint";
import { type SmtpCapture, startSmtpCapture } from "./support/smtp-capture";
import {
  type ApiRequest,
  type ApiResponse,
  AUDIENCE,
  request,
  type Stack,
  startStack,
} from "./support/stack";

const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:ops@example.com" };
const SMTP_PASSWORD = "hunter2-smtp-secret";

/** Names the tests resolve, instead of DNS: what each would resolve to. */
const names: Record<string, string[]> = {
  "push.invalid": ["127.0.0.1"],
  "push6.invalid": ["::1"],
  "loopback.invalid": ["127.0.0.1"],
  "private.invalid": ["10.0.0.5"],
  "private-172.invalid": ["172.16.0.9"],
  "metadata.invalid": ["169.254.169.254"],
  "v6-loopback.invalid": ["::1"],
  "v6-ula.invalid": ["fc00::5"],
  "v6-link.invalid": ["fe80::1"],
  "zero.invalid": ["0.0.0.0"],
  "mapped.invalid": ["::ffff:127.0.0.1"],
  "nat64.invalid": ["64:ff9b::7f00:1"],
  // One bad address among good ones is enough to refuse: a connection may go to any of them.
  "mixed.invalid": ["8.8.8.8", "10.0.0.1"],
  "mixed-loop.invalid": ["127.0.0.1", "10.0.0.1"],
  "public.invalid": ["8.8.8.8"],
  "nothing.invalid": [],
};
const lookups: string[] = [];
const resolver: Resolver = async (name) => {
  lookups.push(name);
  const found = names[name];
  if (!found) throw Object.assign(new Error(`no test name ${name}`), { code: "ENOTFOUND" });
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

const notice = (ownerId: string, title: string): ReminderNotice => ({
  ownerId,
  taskId: crypto.randomUUID(),
  title,
  dueAt: "2030-01-04T09:30:00.000Z",
  remindAt: "2030-01-04T09:15:00.000Z",
});

describe.each(backends)("notifications on $name", (backend) => {
  let stack: Stack;
  let strict: RunningServer;
  let pushOff: RunningServer;
  let pushService: PushService;
  let smtp: SmtpCapture;
  const deliveryLogs: string[] = [];

  const as =
    (user: TestUser, base?: string) =>
    (path: string, init: ApiRequest = {}) =>
      base
        ? request(base, path, { token: user.token, ...init })
        : stack.request(path, { token: user.token, ...init });
  type Call = ReturnType<typeof as>;

  function expectStatus(response: ApiResponse, status: number) {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  }

  /** The same API on the same database and issuer, with other notification settings. */
  async function serveVariant(notifications: NotificationOptions): Promise<RunningServer> {
    const app = createApp({
      db: stack.db.handle,
      webOrigin: stack.auth.issuer,
      rateLimit: 0,
      notifications,
      auth: {
        issuer: stack.auth.issuer,
        audience: AUDIENCE,
        keys: createKeySource({ jwksUrl: stack.auth.jwksUrl, cooldownMs: 0 }),
      },
    });
    return listen(app.fetch);
  }

  function delivery(push: Partial<PushSettings> | null, email = true) {
    return createReminderDelivery({
      db: stack.db.handle,
      push: push && { vapid, allowLoopback: true, resolve: resolver, timeoutMs: 1_000, ...push },
      email: email
        ? { url: `smtp://todo:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, from: "Todo <todo@example.com>" }
        : null,
      logger: createLogger({ write: (line: string) => deliveryLogs.push(line) }),
      lookupEmail: async (ownerId) => emails.get(ownerId) ?? null,
    });
  }
  const emails = new Map<string, string>();

  async function newUser(): Promise<{ user: TestUser; call: Call }> {
    const user = await stack.auth.signUp();
    emails.set(user.id, user.email);
    return { user, call: as(user) };
  }

  async function subscribe(call: Call, endpoint: string, keys: BrowserKeys = browserKeys()) {
    expectStatus(
      await call("/api/push-subscriptions", { method: "POST", json: { endpoint, keys: keys.json } }),
      201,
    );
    return keys;
  }

  const subscriptionsOf = (ownerId: string) =>
    createPushSubscriptionStore(stack.db.handle.db).listSubscriptionsForOwner(ownerId);
  const logsAbout = (ownerId: string) =>
    deliveryLogs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.ownerId === ownerId);

  beforeAll(async () => {
    stack = await startStack(backend, {
      notifications: { pushPublicKey: vapid.publicKey, allowLoopback: true, emailAvailable: true },
    });
    strict = await serveVariant({
      pushPublicKey: vapid.publicKey,
      allowLoopback: false,
      emailAvailable: false,
    });
    pushOff = await serveVariant({ pushPublicKey: null, allowLoopback: false, emailAvailable: false });
    pushService = await startPushService();
    smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await strict?.close();
    await pushOff?.close();
    await pushService?.close();
    await smtp?.close();
    await stack?.close();
  });

  describe("routes", () => {
    it("gives the VAPID public key, to signed-in callers only", async () => {
      const { call } = await newUser();
      expect(expectStatus(await call("/api/push/public-key"), 200)).toEqual({ publicKey: vapid.publicKey });
      expect((await stack.request("/api/push/public-key")).status).toBe(401);
    });

    it("subscribes, renews the keys of the same endpoint, and unsubscribes idempotently", async () => {
      const { user, call } = await newUser();
      const endpoint = `${pushService.origin}/push/${user.id}`;
      const answer = await call("/api/push-subscriptions", {
        method: "POST",
        json: { endpoint, keys: browserKeys().json },
      });
      expect(expectStatus(answer, 201)).toEqual({ endpoint, createdAt: expect.any(String) });
      const renewed = browserKeys();
      await subscribe(call, endpoint, renewed);
      const rows = await subscriptionsOf(user.id);
      expect(rows.map((r) => [r.endpoint, r.p256dh])).toEqual([[endpoint, renewed.json.p256dh]]);

      const remove = { method: "DELETE", json: { endpoint } };
      expectStatus(await call("/api/push-subscriptions", remove), 204);
      expectStatus(await call("/api/push-subscriptions", remove), 204);
      expect(await subscriptionsOf(user.id)).toEqual([]);
    });

    it("refuses keys that are not a browser's", async () => {
      const { call } = await newUser();
      const endpoint = `${pushService.origin}/push/keys`;
      const good = browserKeys().json;
      const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString("base64url");
      for (const [keys, path] of [
        [{ ...good, p256dh: offCurve }, "keys.p256dh"],
        [{ ...good, p256dh: "short" }, "keys.p256dh"],
        [{ ...good, auth: "AAAA" }, "keys.auth"],
        [{ p256dh: good.p256dh }, "keys.auth"],
      ] as const) {
        const body = expectStatus(
          await call("/api/push-subscriptions", { method: "POST", json: { endpoint, keys } }),
          422,
        );
        expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
      }
    });

    it("keeps each user's subscriptions their own", async () => {
      const a = await newUser();
      const b = await newUser();
      const endpoint = `${pushService.origin}/push/shared-${a.user.id}`;
      await subscribe(a.call, endpoint);
      // B removing A's endpoint removes nothing of A's.
      expectStatus(await b.call("/api/push-subscriptions", { method: "DELETE", json: { endpoint } }), 204);
      expect(await subscriptionsOf(a.user.id)).toHaveLength(1);
      expect(await subscriptionsOf(b.user.id)).toEqual([]);
    });

    it("refuses a subscription from an erased account's token that is still valid", async () => {
      const { call } = await newUser();
      expectStatus(await call("/api/me", { method: "DELETE" }), 200);
      const endpoint = `${pushService.origin}/push/erased`;
      expectStatus(
        await call("/api/push-subscriptions", {
          method: "POST",
          json: { endpoint, keys: browserKeys().json },
        }),
        401,
      );
    });

    it("answers 503 for push when the server has no VAPID keys, and says so in the settings", async () => {
      const { user } = await newUser();
      const call = as(user, pushOff.url);
      const key = expectStatus(await call("/api/push/public-key"), 503);
      expect(key.detail).toMatch(/VAPID_PUBLIC_KEY/);
      const endpoint = "https://push.example.com/p";
      expectStatus(
        await call("/api/push-subscriptions", {
          method: "POST",
          json: { endpoint, keys: browserKeys().json },
        }),
        503,
      );
      expectStatus(await call("/api/push-subscriptions", { method: "DELETE", json: { endpoint } }), 204);
      expect(expectStatus(await call("/api/notification-settings"), 200)).toEqual({
        emailReminders: false,
        emailAvailable: false,
        pushAvailable: false,
      });
    });
  });

  describe("SSRF at subscription: literal addresses in every spelling are refused with 422", () => {
    const refused = [
      "https://127.0.0.1/p",
      "https://2130706433/p",
      "https://0177.0.0.1/p",
      "https://0x7f.1/p",
      "https://0x7f000001/p",
      "https://127.1/p",
      "https://127.0.0.1./p",
      "https://[::1]/p",
      "https://[0:0:0:0:0:0:0:1]/p",
      "https://[::ffff:127.0.0.1]/p",
      "https://[::ffff:7f00:1]/p",
      "https://[64:ff9b::127.0.0.1]/p",
      "https://localhost/p",
      "https://push.localhost/p",
      "https://10.0.0.1/p",
      "https://172.16.0.1/p",
      "https://192.168.1.1/p",
      "https://100.64.0.1/p",
      "https://169.254.169.254/latest/meta-data/",
      "https://[fc00::1]/p",
      "https://[fd00:ec2::254]/p",
      "https://[fe80::1]/p",
      "https://0.0.0.0/p",
      "https://0/p",
      "https://[::]/p",
      "https://224.0.0.1/p",
      "https://255.255.255.255/p",
      "https://[2001:db8::1]/p",
      "http://push.example.com/p",
      "https://user:pass@push.example.com/p",
      "https://intranet/p",
    ];

    // One user for the whole table: signing up is the slow part, and nothing may be stored for any row.
    let user: TestUser;
    beforeAll(async () => {
      ({ user } = await newUser());
    });

    it.each(refused)("%s", async (endpoint) => {
      const body = expectStatus(
        await as(user, strict.url)("/api/push-subscriptions", {
          method: "POST",
          json: { endpoint, keys: browserKeys().json },
        }),
        422,
      );
      expect(body.errors).toEqual([{ path: "endpoint", message: expect.any(String) }]);
      expect(await subscriptionsOf(user.id)).toEqual([]);
    });

    it("accepts https to a public address or a host name (judged when a push is sent)", async () => {
      const { user } = await newUser();
      const call = as(user, strict.url);
      for (const endpoint of [
        "https://8.8.8.8/p",
        "https://[2606:4700::1111]/p",
        "https://fcm.googleapis.com/fcm/send/x",
      ])
        expectStatus(
          await call("/api/push-subscriptions", {
            method: "POST",
            json: { endpoint, keys: browserKeys().json },
          }),
          201,
        );
    });

    it("with PUSH_ALLOW_LOOPBACK accepts loopback over http too, and still refuses the rest", async () => {
      const { call } = await newUser();
      for (const endpoint of ["http://127.0.0.1:9/p", "http://[::1]:9/p", "https://0x7f.1/p"])
        await subscribe(call, endpoint);
      for (const endpoint of [
        "https://10.0.0.1/p",
        "https://169.254.169.254/p",
        "https://[fe80::1]/p",
        "http://8.8.8.8/p",
      ])
        expectStatus(
          await call("/api/push-subscriptions", {
            method: "POST",
            json: { endpoint, keys: browserKeys().json },
          }),
          422,
        );
    });
  });

  describe("Web Push", () => {
    it("sends the reminder encrypted (RFC 8291) with a VAPID header for the endpoint's origin (RFC 8292)", async () => {
      const { user, call } = await newUser();
      const endpoint = `${pushService.origin}/push/ok-${user.id}`;
      const keys = await subscribe(call, endpoint);
      const reminder = notice(user.id, "Water the plants 🌱");
      await delivery({}).deliver(reminder);

      const [push, ...more] = pushService.received.filter((r) => r.path === `/push/ok-${user.id}`);
      expect(more).toEqual([]);
      expect(push?.headers).toMatchObject({
        "content-encoding": "aes128gcm",
        "content-type": "application/octet-stream",
        urgency: "high",
        ttl: expect.stringMatching(/^\d+$/),
        topic: reminder.taskId.replace(/-/g, ""),
      });
      const { payload, protectedHeader } = await verifyVapid(
        push?.headers.authorization,
        endpoint,
        vapid.publicKey,
      );
      expect(protectedHeader.alg).toBe("ES256");
      expect(payload.aud).toBe(pushService.origin);
      expect(payload.sub).toBe(vapid.subject);
      expect(payload.exp).toBeLessThanOrEqual(Date.now() / 1000 + 24 * 3600);

      const decrypted = JSON.parse(decryptPush(push?.body ?? Buffer.alloc(0), keys));
      expect(decrypted).toEqual({
        type: "reminder",
        taskId: reminder.taskId,
        title: "Water the plants 🌱",
        dueAt: reminder.dueAt,
        remindAt: reminder.remindAt,
      });
      // The other user's subscriptions get nothing of it.
      expect(pushService.received.filter((r) => r.path.includes("shared-"))).toEqual([]);
    });

    it("delivers a batch of many owners' reminders, each only to its own owner's subscriptions", async () => {
      const owners = await Promise.all([newUser(), newUser(), newUser()]);
      const [first, second] = owners;
      if (!first || !second) throw new Error("no users");
      await subscribe(first.call, `${pushService.origin}/push/batch-a-${first.user.id}`);
      await subscribe(first.call, `${pushService.origin}/push/batch-b-${first.user.id}`);
      await subscribe(second.call, `${pushService.origin}/push/batch-a-${second.user.id}`);
      // The third owner has no subscription: their reminder is pushed nowhere.
      const notices = owners.flatMap(({ user }) => [notice(user.id, "one"), notice(user.id, "two")]);
      await delivery({}).deliverAll(notices);

      const received = (id: string) =>
        pushService.received.filter((r) => r.path.includes(`batch-`) && r.path.endsWith(id)).length;
      expect(received(first.user.id)).toBe(4);
      expect(received(second.user.id)).toBe(2);
      expect(owners[2] && received(owners[2].user.id)).toBe(0);
    });

    it("resolves a host name once and connects to the address it checked, keeping the name for Host", async () => {
      const { user, call } = await newUser();
      const path = `/push/named-${user.id}`;
      const keys = await subscribe(call, `http://push.invalid:${pushService.port}${path}`);
      const before = lookups.length;
      // No DNS knows push.invalid: only the pinned lookup can have reached the push service.
      await delivery({}).deliver(notice(user.id, "Named"));
      expect(lookups.slice(before)).toEqual(["push.invalid"]);
      const push = pushService.received.find((r) => r.path === path);
      expect(push?.headers.host).toBe(`push.invalid:${pushService.port}`);
      expect(JSON.parse(decryptPush(push?.body ?? Buffer.alloc(0), keys)).title).toBe("Named");
      await verifyVapid(
        push?.headers.authorization,
        `http://push.invalid:${pushService.port}${path}`,
        vapid.publicKey,
      );
    });

    it("removes a subscription its push service answers 404 or 410 for, and keeps one answering 500", async () => {
      const { user, call } = await newUser();
      for (const end of ["gone-404", "gone-410", "error-500", "fine"])
        await subscribe(call, `${pushService.origin}/push/${user.id}/${end}`);
      await delivery({}).deliver(notice(user.id, "Expiring"));
      const left = (await subscriptionsOf(user.id)).map((row) => row.endpoint.split("/").pop());
      expect(left.sort()).toEqual(["error-500", "fine"]);
      const failed = logsAbout(user.id).find((l) => l.msg === "reminder push failed");
      expect(failed).toMatchObject({ status: 500, reason: "answered 500: busy try later" });
    });

    it("never follows a redirect", async () => {
      const { user, call } = await newUser();
      await subscribe(call, `${pushService.origin}/push/${user.id}/redirect`);
      const before = pushService.received.length;
      await delivery({}).deliver(notice(user.id, "Redirected"));
      expect(pushService.received.slice(before).map((r) => r.path)).toEqual([`/push/${user.id}/redirect`]);
      expect(await subscriptionsOf(user.id)).toHaveLength(1);
      expect(logsAbout(user.id).find((l) => l.msg === "reminder push failed")?.reason).toMatch(/redirect/);
    });

    it("gives up on a push service that does not answer in time, and reads only so much of an answer", async () => {
      const { user, call } = await newUser();
      await subscribe(call, `${pushService.origin}/push/${user.id}/hang`);
      await subscribe(call, `${pushService.origin}/push/${user.id}/huge`);
      const started = Date.now();
      await delivery({ timeoutMs: 500, maxResponseBytes: 1024 }).deliver(notice(user.id, "Slow"));
      expect(Date.now() - started).toBeLessThan(3_000);
      const logs = logsAbout(user.id);
      expect(logs.find((l) => l.msg === "reminder push failed")?.reason).toBe("timed out");
      expect(logs.find((l) => l.msg === "reminder push delivered")?.status).toBe(201);
    });

    describe("SSRF at send time: every address a name resolves to must be allowed", () => {
      it.each([
        ["loopback.invalid", "loopback"],
        ["private.invalid", "private"],
        ["private-172.invalid", "private"],
        ["metadata.invalid", "link-local"],
        ["v6-loopback.invalid", "loopback"],
        ["v6-ula.invalid", "private"],
        ["v6-link.invalid", "link-local"],
        ["zero.invalid", "unspecified"],
        ["mapped.invalid", "loopback"],
        ["nat64.invalid", "loopback"],
        ["mixed.invalid", "private"],
      ])("nothing is sent to %s (%s)", async (name, kind) => {
        const { user } = await newUser();
        const endpoint = `https://${name}:${pushService.port}/push/${user.id}`;
        // Names pass at subscription: they are judged by what they resolve to when a push is sent.
        await subscribe(as(user, strict.url), endpoint);
        const connections = pushService.connections();
        await delivery({ allowLoopback: false }).deliver(notice(user.id, "Not for you"));
        expect(pushService.connections()).toBe(connections);
        const refused = logsAbout(user.id).find((l) => l.msg === "reminder push not sent");
        expect(refused?.reason).toBe(`its host name resolves to a ${kind} address`);
      });

      it("with PUSH_ALLOW_LOOPBACK still refuses a name with one private address, and http to a public one", async () => {
        const { user, call } = await newUser();
        await subscribe(call, `http://mixed-loop.invalid:${pushService.port}/push/${user.id}/a`);
        await subscribe(call, `http://public.invalid:${pushService.port}/push/${user.id}/b`);
        await subscribe(call, `https://nothing.invalid:${pushService.port}/push/${user.id}/c`);
        const connections = pushService.connections();
        await delivery({}).deliver(notice(user.id, "Still not"));
        expect(pushService.connections()).toBe(connections);
        const reasons = logsAbout(user.id)
          .filter((l) => l.msg === "reminder push not sent")
          .map((l) => l.reason)
          .sort();
        expect(reasons).toEqual([
          "its host name did not resolve",
          "its host name resolves to a private address",
          "plain http is allowed to loopback addresses only",
        ]);
      });

      it("re-checks the endpoint itself: a loopback subscription is not sent once loopback is off", async () => {
        const { user, call } = await newUser();
        await subscribe(call, `${pushService.origin}/push/${user.id}`);
        const connections = pushService.connections();
        await delivery({ allowLoopback: false }).deliver(notice(user.id, "Off"));
        expect(pushService.connections()).toBe(connections);
        expect(logsAbout(user.id).find((l) => l.msg === "reminder push not sent")?.reason).toMatch(/https/);
      });
    });
  });

  describe("email", () => {
    it("emails the reminder only to users who turned it on, to the address their token carries", async () => {
      const on = await newUser();
      const off = await newUser();
      expect(
        expectStatus(
          await on.call("/api/notification-settings", { method: "PUT", json: { emailReminders: true } }),
          200,
        ),
      ).toEqual({ emailReminders: true, emailAvailable: true, pushAvailable: true });
      expect(expectStatus(await on.call("/api/notification-settings"), 200).emailReminders).toBe(true);
      expect(expectStatus(await off.call("/api/notification-settings"), 200).emailReminders).toBe(false);

      const before = smtp.messages.length;
      await delivery(null).deliver(notice(on.user.id, "Call the dentist"));
      await delivery(null).deliver(notice(off.user.id, "Not emailed"));
      const sent = smtp.messages.slice(before);
      expect(sent).toHaveLength(1);
      const [mail] = sent;
      expect(mail?.to).toEqual([on.user.email]);
      expect(mail?.from).toBe("todo@example.com");
      expect(mail?.user).toBe("todo");
      expect(mail?.raw).toMatch(/^Subject: Reminder: Call the dentist$/m);
      expect(mail?.raw).toMatch(/^From: Todo <todo@example\.com>$/m);
      expect(mail?.raw).toMatch(/^Due: Friday, 4 January 2030 at 09:30 \(UTC\)$/m);
      expect(mail?.raw).not.toContain("Not emailed");
    });

    it("stops when turned off, and keeps a title from adding headers", async () => {
      const { user, call } = await newUser();
      await call("/api/notification-settings", { method: "PUT", json: { emailReminders: true } });
      const before = smtp.messages.length;
      await delivery(null).deliver(notice(user.id, "Pay rent\r\nBcc: attacker@example.com"));
      expectStatus(
        await call("/api/notification-settings", { method: "PUT", json: { emailReminders: false } }),
        200,
      );
      await delivery(null).deliver(notice(user.id, "After turning off"));
      const sent = smtp.messages.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.to).toEqual([user.email]);
      expect(sent[0]?.raw).toMatch(/^Subject: Reminder: Pay rent Bcc: attacker@example\.com$/m);
      expect(sent[0]?.raw).not.toMatch(/^Bcc:/m);
    });

    it("sends nothing when the server has no SMTP, and logs a failing server without its password", async () => {
      const { user, call } = await newUser();
      await call("/api/notification-settings", { method: "PUT", json: { emailReminders: true } });
      const before = smtp.messages.length;
      await delivery(null, false).deliver(notice(user.id, "No SMTP"));
      expect(smtp.messages.length).toBe(before);

      const closed = await listen(() => new Response(null));
      const deadPort = new URL(closed.url).port;
      await closed.close();
      const failing = createReminderDelivery({
        db: stack.db.handle,
        push: null,
        email: {
          url: `smtp://todo:${SMTP_PASSWORD}@127.0.0.1:${deadPort}`,
          from: "todo@example.com",
          timeoutMs: 1_000,
        },
        logger: createLogger({ write: (line: string) => deliveryLogs.push(line) }),
        lookupEmail: async () => user.email,
      });
      await failing.deliver(notice(user.id, "Dead SMTP"));
      const failed = logsAbout(user.id).find((l) => l.msg === "reminder delivery failed");
      expect(failed).toMatchObject({
        channel: "email",
        reason: expect.stringMatching(/ECONNREFUSED|ECONNECTION/),
      });
    });
  });

  it("logs no secrets: keys, endpoint paths, the SMTP password", () => {
    const text = deliveryLogs.join("\n");
    expect(text).not.toContain(vapid.privateKey);
    expect(text).not.toContain(SMTP_PASSWORD);
    expect(text).not.toContain("/push/");
    expect(stack.logs.join("\n")).not.toContain(vapid.privateKey);
  });
});
