import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AuthVariables } from "./auth/require-user";
import type { LogVariables } from "./logger";
import { type FieldError, ProblemError } from "./problem";

export type ApiEnv = { Variables: AuthVariables & LogVariables };

/** Zod issues as `{path, message}`; an unknown key names itself, so `userId` is reported as `userId`. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: [...issue.path, key].join("."),
          message: "is not a field you can set",
        }))
      : [{ path: issue.path.join("."), message: issue.message }],
  );
}

/** Every router shares this hook, so any validation failure is the same 422 problem. */
export function createRouter() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = fieldErrors(result.error);
      const first = errors[0];
      throw new ProblemError(
        422,
        first ? `Invalid ${result.target}: ${first.path || "body"} ${first.message}` : "Invalid request.",
        { errors },
      );
    },
  });
}
