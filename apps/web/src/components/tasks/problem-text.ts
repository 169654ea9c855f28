import { ApiError } from "@/lib/api-client";

/** Why a call failed, in words for a toast or a notice. */
export function reasonOf(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.errors[0];
    if (field) return `${field.path}: ${field.message}`;
    if (error.status === 0) return "The server could not be reached.";
    return error.detail ?? error.title;
  }
  return "Something went wrong; please try again.";
}
