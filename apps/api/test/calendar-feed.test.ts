// The calendar feed (SPEC §10): a secret URL served without a Bearer token,
// stored hashed, rotated and revoked, isolated per user, rate-limited and
// never written to the logs.
import { calendarFeeds } from "@todo/db";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashFeedToken } from "../src/services/calendar-feed";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { AUDIENCE, type Stack, startStack } from "./support/stack";

const feedUrl = new RegExp(`^${AUDIENCE}/calendar/([A-Za-z0-9_-]{43})\\.ics$`);

describe.each(backends)("the calendar feed on $name", (backend) => {
  let stack: Stack;
  let alice: TestUser;
  let bob: TestUser;
  /** The feed as a calendar app fetches it: no Authorization header. */
  const fetchFeed = (url: string) => stack.request(new URL(url).pathname);
  const createFeed = async (user: TestUser) => {
    const response = await stack.request("/api/calendar-feed", { method: "POST", token: user.token });
    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(feedUrl);
    return response.body.url as string;
  };
  const summaries = (text: string) =>
    new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents("vtodo")
      .map((todo) => todo.getFirstPropertyValue("summary"))
      .sort();

  beforeAll(async () => {
    stack = await startStack(backend, { rateLimit: 1000 });
    [alice, bob] = await Promise.all([stack.auth.signUp("Alice"), stack.auth.signUp("Bob")]);
    const post = (user: TestUser, json: unknown) =>
      stack.request("/api/tasks", { method: "POST", token: user.token, json });
    await post(alice, { title: "Dentist", dueAt: "2026-12-01T09:30:00.000Z" });
    await post(alice, {
      title: "Pay rent",
      dueDate: "2026-12-01",
      recurrence: { rule: "FREQ=MONTHLY;BYMONTHDAY=1" },
    });
    await post(alice, { title: "No due" });
    await post(alice, { title: "Done", dueDate: "2026-11-01", completed: true });
    await post(bob, { title: "Bob's secret", dueDate: "2026-12-02" });
  });
  afterAll(() => stack.close());

  it("serves the owner's open tasks with a due, without a Bearer token, and only theirs", async () => {
    const url = await createFeed(alice);
    const feed = await fetchFeed(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(feed.headers.get("cache-control")).toMatch(/no-store/);
    expect(summaries(feed.body)).toEqual(["Dentist", "Pay rent"]);

    const bobs = await fetchFeed(await createFeed(bob));
    expect(summaries(bobs.body)).toEqual(["Bob's secret"]);
    expect(bobs.body).not.toContain("Dentist");
  });

  it("keeps only a SHA-256 of the token", async () => {
    const url = await createFeed(alice);
    const token = feedUrl.exec(url)?.[1] as string;
    const rows = await stack.db.handle.db.select().from(calendarFeeds);
    expect(rows.map((row) => row.tokenHash)).toContain(hashFeedToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("rotates on POST (the old URL is 404) and revokes on DELETE (404)", async () => {
    const old = await createFeed(alice);
    const current = await createFeed(alice);
    expect(current).not.toBe(old);
    expect((await fetchFeed(old)).status).toBe(404);
    expect((await fetchFeed(current)).status).toBe(200);
    const status = async () => (await stack.request("/api/calendar-feed", { token: alice.token })).body;
    const active = await status();
    expect(active).toEqual({ active: true, createdAt: expect.any(String) });
    const revoked = await stack.request("/api/calendar-feed", { method: "DELETE", token: alice.token });
    expect(revoked.status).toBe(204);
    expect((await fetchFeed(current)).status).toBe(404);
    expect(await status()).toEqual({ active: false, createdAt: null });
    // Revoking again is not an error; Bob's feed is untouched.
    expect((await stack.request("/api/calendar-feed", { method: "DELETE", token: alice.token })).status).toBe(
      204,
    );
  });

  it("answers 404 for unknown, malformed and look-alike tokens, and 401 to the API routes without a token", async () => {
    for (const path of [
      `/calendar/${"A".repeat(43)}.ics`,
      "/calendar/short.ics",
      `/calendar/${"A".repeat(43)}`,
      `/calendar/${"A".repeat(43)}.ics.ics`,
      "/calendar/",
    ])
      expect((await stack.request(path)).status, path).toBe(404);
    expect((await stack.request("/api/calendar-feed", { method: "POST" })).status).toBe(401);
    expect((await stack.request("/api/calendar-feed", { method: "DELETE" })).status).toBe(401);
  });

  it("never writes the token to the logs", async () => {
    const url = await createFeed(alice);
    const token = feedUrl.exec(url)?.[1] as string;
    for (const path of [new URL(url).pathname, `//calendar/${token}.ics`, `/CALENDAR/${token}.ics`])
      await stack.request(path);
    const logged = stack.logs.join("\n");
    expect(logged).toContain("/calendar/[redacted]");
    expect(logged).not.toContain(token);
  });
});

describe.each(backends)("the calendar feed's rate limits on $name", (backend) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(backend, { rateLimit: 3 });
  });
  afterAll(() => stack.close());

  it("limits each feed, and guesses per address, to the API's rate per minute", async () => {
    const user = await stack.auth.signUp("Ivy");
    const created = await stack.request("/api/calendar-feed", { method: "POST", token: user.token });
    const path = new URL(created.body.url).pathname;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await stack.request(path)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const guesses = [];
    for (let i = 0; i < 4; i++)
      guesses.push((await stack.request(`/calendar/${"B".repeat(42)}${i}.ics`)).status);
    expect(guesses).toEqual([404, 404, 404, 429]);
  });
});
