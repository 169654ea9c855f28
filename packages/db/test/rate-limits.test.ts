// The one limiter both services use: `consume` counts every request (the
// API's limits), `take` counts only under the limit and `giveBack` undoes a
// take (the web app's failed sign-ins), each service on its own table in its
// own migration set. Every back-end.

import { backends } from "@todo/testing/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/client";
import { createRateLimiter } from "../src/rate-limits";
import { authRateLimits } from "../src/schema/auth";
import { apiRateLimits } from "../src/schema/rate-limits";

const minute = 60_000;
const start = 2_000 * minute;

describe.each(backends())("the rate limiter on $name", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await backend.open();
    await handle.migrate("tasks");
    await handle.migrate("auth");
  });
  afterAll(() => backend.cleanup());

  const countOf = async (key: string, table = authRateLimits) =>
    (await handle.db.select().from(table)).find((row) => row.key === key)?.count;

  it("consume: counts every request, refused ones too, and starts again the next window", async () => {
    const limiter = createRateLimiter(handle.db);
    const allowed: boolean[] = [];
    for (let i = 0; i < 4; i++) allowed.push((await limiter.consume("c", 2, minute, start + 1_000)).allowed);
    expect(allowed).toEqual([true, true, false, false]);
    expect(await countOf("c", apiRateLimits)).toBe(4);
    const refused = await limiter.consume("c", 2, minute, start + 15_500);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 45, windowStart: start });
    expect((await limiter.consume("c", 2, minute, start + minute)).allowed).toBe(true);
  });

  it("take: counts only under the limit, so a refusal costs nothing", async () => {
    const limiter = createRateLimiter(handle.db, authRateLimits);
    const allowed: boolean[] = [];
    for (let i = 0; i < 5; i++) allowed.push((await limiter.take("t", 3, minute, start)).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(await countOf("t")).toBe(3);
    expect((await limiter.take("t", 3, minute, start + minute)).allowed).toBe(true);
    expect(await countOf("t")).toBe(1);
  });

  it("take: concurrent takes never overshoot the limit", async () => {
    const limiter = createRateLimiter(handle.db, authRateLimits);
    const decisions = await Promise.all(
      Array.from({ length: 20 }, () => limiter.take("parallel", 5, minute, start)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(await countOf("parallel")).toBe(5);
  });

  it("giveBack: undoes a take of the same window, never below zero, and not once the window has ended", async () => {
    const limiter = createRateLimiter(handle.db, authRateLimits);
    const first = await limiter.take("g", 1, minute, start);
    expect((await limiter.take("g", 1, minute, start)).allowed).toBe(false);
    await limiter.giveBack("g", first.windowStart);
    expect(await countOf("g")).toBe(0);
    await limiter.giveBack("g", first.windowStart);
    expect(await countOf("g")).toBe(0);
    expect((await limiter.take("g", 1, minute, start)).allowed).toBe(true);

    // A give-back arriving after the next window opened leaves that window's count alone.
    const next = await limiter.take("g", 1, minute, start + minute);
    await limiter.giveBack("g", first.windowStart);
    expect(await countOf("g")).toBe(1);
    expect((await limiter.take("g", 1, minute, start + minute)).allowed).toBe(false);
    await limiter.giveBack("g", next.windowStart);
    expect((await limiter.take("g", 1, minute, start + minute)).allowed).toBe(true);
  });

  it("keeps each table's counters apart, and purges ended windows of its own table only", async () => {
    const api = createRateLimiter(handle.db);
    const web = createRateLimiter(handle.db, authRateLimits);
    await api.consume("shared-key", 1, minute, start);
    expect((await web.take("shared-key", 1, minute, start)).allowed).toBe(true);
    expect((await api.consume("shared-key", 1, minute, start)).allowed).toBe(false);

    // Three windows on, a new key of the web table purges its ended counters, not the API's.
    await web.take("later", 1, minute, start + 3 * minute);
    expect(await countOf("shared-key")).toBeUndefined();
    expect(await countOf("shared-key", apiRateLimits)).toBe(2);
  });
});
