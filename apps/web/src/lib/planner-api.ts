// Lists and settings (SPEC §7) on top of the one `apiFetch`, typed from the
// contract's schemas.
import { apiFetch } from "./api-client";
import type { List, ListChanges, ListInput, Me } from "./task-types";

const listPath = (id: string) => `/api/lists/${encodeURIComponent(id)}`;

export function getMe(): Promise<Me> {
  return apiFetch<Me>("/api/me");
}

export function updateMe(changes: { timeZone: string }): Promise<Me> {
  return apiFetch<Me>("/api/me", { method: "PATCH", json: changes });
}

export function listLists(): Promise<{ items: List[] }> {
  return apiFetch<{ items: List[] }>("/api/lists");
}

export function createList(input: ListInput): Promise<List> {
  return apiFetch<List>("/api/lists", { method: "POST", json: input });
}

/** With `version`, the API refuses (412) if the list was changed elsewhere since. */
export function updateList(id: string, changes: ListChanges, version?: number): Promise<List> {
  return apiFetch<List>(listPath(id), {
    method: "PATCH",
    json: changes,
    headers: version === undefined ? undefined : { "If-Match": `"${version}"` },
  });
}

/** Deletes the list and every task in it. */
export function deleteList(id: string): Promise<void> {
  return apiFetch<void>(listPath(id), { method: "DELETE" });
}
