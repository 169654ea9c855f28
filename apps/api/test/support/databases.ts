// The database back-ends the API suites run on (@todo/testing/databases):
// PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
import { backends as testBackends } from "@todo/testing/databases";

export type { Backend, TestDb } from "@todo/testing/databases";

export const backends = testBackends();
