// The pieces every route's OpenAPI description repeats: the bearer scheme,
// a JSON body, a problem+json error, and the two refusals every protected
// route can give.
import type { z } from "@hono/zod-openapi";
import { ProblemSchema } from "./tasks.types";

/** The `security` of every route that needs `Authorization: Bearer <JWT>`. */
export const security = [{ bearerAuth: [] }];

/** A JSON response (or request body) of this schema. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** An RFC 9457 problem+json response. */
export const problem = (description: string) => ({
  content: { "application/problem+json": { schema: ProblemSchema } },
  description,
});

export const unauthorized = { 401: problem("Missing, invalid or expired token") };

/** 401 and 422: what any protected route with input can answer. */
export const refusals = { ...unauthorized, 422: problem("Invalid input") };
