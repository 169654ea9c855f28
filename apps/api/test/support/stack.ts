// The API app served over real HTTP on a test database, with keys from a
// real Better Auth instance.
import { createApp } from "../../src/app";
import { createKeySource } from "../../src/auth/key-source";
import { createEventHub, type EventHub } from "../../src/events/event-hub";
import { createLogger } from "../../src/logger";
import type { NotificationOptions } from "../../src/services/notifications";
import { type AuthServer, startAuthServer } from "./auth-server";
import type { Backend, TestDb } from "./databases";
import { listen, type RunningServer } from "./http";

export const AUDIENCE = "http://localhost:8000";

export interface Stack {
  app: ReturnType<typeof createApp>;
  /** Every log line the API wrote, as JSON text. */
  logs: string[];
  auth: AuthServer;
  db: TestDb;
  api: RunningServer;
  request: (path: string, init?: ApiRequest) => Promise<ApiResponse>;
  events: EventHub;
  close(): Promise<void>;
}

export interface ApiRequest {
  method?: string;
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  body: any;
}

export async function startStack(
  backend: Backend,
  options: {
    jwtExpiresIn?: string;
    rateLimit?: number;
    maxTasksPerUser?: number;
    trustProxy?: boolean;
    notifications?: NotificationOptions;
    /** How often an event stream sends its keep-alive comment. */
    heartbeatMs?: number;
  } = {},
): Promise<Stack> {
  const auth = await startAuthServer({ apiURL: AUDIENCE, jwtExpiresIn: options.jwtExpiresIn });
  const db = await backend.create("tasks");
  const logs: string[] = [];
  const events = createEventHub(db.handle, { heartbeatMs: options.heartbeatMs });
  const app = createApp({
    logger: createLogger({ write: (line: string) => logs.push(line) }),
    maxTasksPerUser: options.maxTasksPerUser,
    db: db.handle,
    webOrigin: auth.issuer,
    rateLimit: options.rateLimit ?? 0,
    trustProxy: options.trustProxy,
    notifications: options.notifications,
    events,
    // No cool-down, so a rotated key is picked up at once instead of up to 30 s later.
    auth: {
      issuer: auth.issuer,
      audience: AUDIENCE,
      keys: createKeySource({ jwksUrl: auth.jwksUrl, cooldownMs: 0 }),
    },
  });
  const api = await listen(app.fetch);
  return {
    app,
    logs,
    auth,
    db,
    api,
    request: (path, init) => request(api.url, path, init),
    events,
    async close() {
      events.closeAll();
      await api.close();
      await db.drop();
      await auth.close();
    },
  };
}

export async function request(base: string, path: string, init: ApiRequest = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${base}${path}`, { method: init.method ?? "GET", headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
