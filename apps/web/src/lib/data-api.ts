// Export, import and the calendar feed (SPEC §10) on top of the one API
// client: downloads are read as files (apiResponse), not as JSON.
import type { ExportFormat, ImportResult } from "@todo/contract/export-schemas";
import { ApiError, apiFetch, apiResponse } from "./api-client";

export type { ExportFormat, ImportResult };

/** The file of an export: its bytes and the name the server gave it. */
export async function exportData(format: ExportFormat): Promise<{ blob: Blob; filename: string }> {
  const response = await apiResponse(`/api/export?format=${format}`, { headers: { Accept: "*/*" } });
  // The API is another origin and does not expose Content-Disposition to
  // scripts, so the name is made here the way the API makes it.
  const filename = `todo-export-${new Date().toISOString().slice(0, 10)}.${format}`;
  return { blob: await response.blob(), filename };
}

/** Imports our JSON export or a Todoist CSV, by the file's name and type. */
export function importData(file: File): Promise<ImportResult> {
  const csv = file.type === "text/csv" || /\.csv$/i.test(file.name);
  return apiFetch<ImportResult>("/api/import", {
    method: "POST",
    body: file,
    headers: { "Content-Type": csv ? "text/csv" : "application/json" },
  });
}

export function createCalendarFeed(): Promise<{ url: string }> {
  return apiFetch<{ url: string }>("/api/calendar-feed", { method: "POST" });
}

export function revokeCalendarFeed(): Promise<void> {
  return apiFetch<void>("/api/calendar-feed", { method: "DELETE" });
}

/** Whether a feed exists; null when this server cannot say (an older API without the route). */
export async function calendarFeedStatus(): Promise<{ active: boolean; createdAt: string | null } | null> {
  try {
    const body = await apiFetch<{ active?: unknown; createdAt?: unknown }>("/api/calendar-feed");
    return {
      active: body.active === true,
      createdAt: typeof body.createdAt === "string" ? body.createdAt : null,
    };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}
