import { describe, expect, it } from "vitest";
import { parseListening } from "./process";

describe("parseListening", () => {
  it("reads the name and port of each service's line, prefixed or not", () => {
    expect(
      parseListening("api: listening on http://localhost:43127 (embedded PGlite in /tmp/x/api)"),
    ).toEqual({
      name: "api",
      port: 43127,
    });
    expect(parseListening("[web] web: listening on http://localhost:3000")).toEqual({
      name: "web",
      port: 3000,
    });
    expect(parseListening("floor: listening on http://127.0.0.1:8080")).toEqual({
      name: "floor",
      port: 8080,
    });
    expect(parseListening("x: listening on http://[::1]:9")).toEqual({ name: "x", port: 9 });
  });

  it("ignores every other line", () => {
    expect(parseListening("api: stopped")).toBeUndefined();
    expect(parseListening("api: cannot listen on port 80: EACCES")).toBeUndefined();
    expect(parseListening("floor: listening on 8080")).toBeUndefined();
  });
});
