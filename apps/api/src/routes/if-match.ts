// `If-Match` for optimistic concurrency. A task's ETag is its version, quoted.
export const etag = (version: number) => `"${version}"`;

/**
 * The version the client says it last saw: `undefined` when there is no
 * precondition (absent or `*`), and a version no task has when the header
 * is not one of ours, so that the write fails with 412 (or 404 if the task
 * does not exist) rather than going through unconditionally.
 */
export function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^\s*"(\d{1,9})"\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}
