// Where MCP clients meet the API (SPEC §11): the RFC 9728 metadata naming the
// authorization server, and the Streamable HTTP endpoint behind the same
// requireUser as /api/*, pinned to the MCP audience — a task-API token is
// refused here and an MCP token is refused there.

import { createMcpHandler } from "@modelcontextprotocol/server";
import { API_BODY_MAX_BYTES } from "@todo/contract/limits";
import type { RateLimiter } from "@todo/db";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type AuthVariables, type RequireUserOptions, requireUser } from "../auth/require-user";
import { problemResponse } from "../problem";
import { limitFailedAuthPerIp, limitPerUser } from "../rate-limit";
import { createTodoMcpServer, type McpServices } from "./server";

export const MCP_PATH = "/mcp";
export const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource/mcp";

export interface McpRouteOptions extends McpServices {
  /** The API's verification settings; `audience` is API_URL, the MCP audience is derived from it. */
  auth: RequireUserOptions;
  limiter: RateLimiter;
  rateLimit: number;
  trustProxy: boolean;
}

/** `${API_URL}/mcp`: the resource identifier (RFC 8707) and the `aud` of MCP tokens. */
export const mcpResource = (apiUrl: string) => `${apiUrl.replace(/\/+$/, "")}${MCP_PATH}`;

export function mcpRoutes(options: McpRouteOptions) {
  const apiUrl = options.auth.audience.replace(/\/+$/, "");
  const resource = mcpResource(apiUrl);
  const resourceMetadataUrl = `${apiUrl}${PROTECTED_RESOURCE_PATH}`;
  const app = new Hono<{ Variables: AuthVariables & { requestId: string } }>();

  app.get(PROTECTED_RESOURCE_PATH, (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.json({
      resource,
      authorization_servers: [options.auth.issuer],
      bearer_methods_supported: ["header"],
      scopes_supported: ["tasks", "offline_access"],
      resource_name: "Todo",
    });
  });

  // One handler; its factory builds a fresh server per request for the token's owner.
  const handler = createMcpHandler((ctx) => {
    const ownerId = ctx.authInfo?.extra?.ownerId;
    if (typeof ownerId !== "string") throw new Error("MCP request without a verified owner");
    return createTodoMcpServer(options, ownerId);
  });

  app.use(MCP_PATH, async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("X-Content-Type-Options", "nosniff");
  });
  if (options.rateLimit > 0)
    app.use(
      MCP_PATH,
      limitFailedAuthPerIp({
        limiter: options.limiter,
        perMinute: options.rateLimit,
        trustProxy: options.trustProxy,
      }),
    );
  app.use(MCP_PATH, requireUser({ ...options.auth, audience: resource, resourceMetadataUrl }));
  if (options.rateLimit > 0)
    app.use(MCP_PATH, limitPerUser({ limiter: options.limiter, perMinute: options.rateLimit }));
  app.use(
    MCP_PATH,
    bodyLimit({
      maxSize: API_BODY_MAX_BYTES,
      onError: (c) => problemResponse(c, 413, "The request body is larger than 64 KiB."),
    }),
  );
  app.all(MCP_PATH, (c) =>
    handler.fetch(c.req.raw, {
      authInfo: {
        // The token itself stays with the middleware; tools need only whose it is.
        token: "",
        clientId: "",
        scopes: [],
        expiresAt: c.get("tokenExpiresAt"),
        resource: new URL(resource),
        extra: { ownerId: c.get("user").id },
      },
    }),
  );
  return app;
}
