// `?next=` is an open redirect if anything but a path on this site gets
// through: the sign-in page redirects to it (307) and the forms call
// `location.assign()` with it. The check is on what is returned, since the
// URL parser turns harmless-looking input (`/.//evil.example`) into `//evil.example`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/safe-next";

const ORIGIN = "http://localhost";

/** What a browser does with the returned value, as a redirect target or in `location.assign()`. */
function leavesTheSite(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return true;
  // Browsers drop tabs and newlines from URLs before parsing them.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is being looked for
  if (/[\u0000-\u001f\u007f]/.test(path)) return true;
  return new URL(path, ORIGIN).origin !== ORIGIN;
}

describe("safeNextPath", () => {
  it.each([
    ["/tasks", "/tasks"],
    ["/tasks?status=active&tag=work", "/tasks?status=active&tag=work"],
    ["/account#delete", "/account#delete"],
    ["/tasks/../account", "/account"],
    ["/%2f%2fevil.example", "/%2f%2fevil.example"],
    ["/%5c%5cevil.example", "/%5c%5cevil.example"],
    // Percent-encoded slashes are not decoded: this is a (missing) page on this site.
    ["/.%2f/evil.example", "/.%2f/evil.example"],
  ])("keeps the path %j on this site as %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
  ])("refuses %j (falls back to /tasks)", (input) => {
    expect(safeNextPath(input)).toBe("/tasks");
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 1, ["/tasks"], { toString: () => "/tasks" }])
      expect(safeNextPath(value)).toBe("/tasks");
  });

  const fragments = fc.constantFrom(
    "/",
    ".",
    "..",
    "%2f",
    "%2F",
    "%5c",
    "%5C",
    "%2e",
    "\\",
    "//",
    "evil.example",
    ":",
    "@",
    "?",
    "#",
    "\t",
    "\n",
    "\r",
    " ",
    "http",
    "tasks",
  );
  const built = fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join(""));

  it("never returns anything that leaves the site, for arbitrary strings (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.webUrl(), fc.webPath()),
        (input) => {
          expect(leavesTheSite(safeNextPath(input))).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("never returns anything that leaves the site, for strings built from slashes, dots and encodings (property)", () => {
    fc.assert(
      fc.property(built, fc.boolean(), (input, leadingSlash) => {
        const value = leadingSlash ? `/${input}` : input;
        expect(leavesTheSite(safeNextPath(value)), JSON.stringify(value)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });
});
