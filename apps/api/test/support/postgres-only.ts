// Cases that need a real PostgreSQL server (several connections, a TCP path
// to cut, server-side timeouts) run only with TEST_DATABASE_URL, and say so
// in their title when skipped.
import { testDatabaseUrl } from "@todo/testing/databases";
import { describe, it } from "vitest";

const SKIPPED = " (skipped: set TEST_DATABASE_URL to a PostgreSQL server to run it)";

export const describePostgres: typeof describe.skip = testDatabaseUrl
  ? describe
  : (((name: string, ...rest: unknown[]) =>
      (describe.skip as (...args: unknown[]) => void)(`${name}${SKIPPED}`, ...rest)) as typeof describe.skip);

/** `it` on PostgreSQL, a titled skip elsewhere (PGlite serves one transaction at a time). */
export function itOnPostgres(backend: { name: string }) {
  return backend.name === "postgres"
    ? it
    : (((name: string, ...rest: unknown[]) =>
        (it.skip as (...args: unknown[]) => void)(
          `${name} (skipped on ${backend.name}: needs concurrent PostgreSQL connections)`,
          ...rest,
        )) as typeof it.skip);
}
