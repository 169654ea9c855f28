// The one way the browser talks to the task API. `apiFetch` gets a short-lived
// JWT from this app's /api/auth/token (same origin, session cookie), keeps it
// in memory until shortly before it expires, sends it as a Bearer token, and
// on a 401 from the API fetches a fresh one and retries once. Errors arrive as
// a typed `ApiError` built from the API's application/problem+json bodies.
//
// The API's address is decided by the server at run time (API_URL): the root
// layout writes it to <html data-api-url>, so one build works for every
// deployment.

export interface FieldError {
  path: string;
  message: string;
}

export interface ApiErrorInit {
  status: number;
  title: string;
  detail?: string | undefined;
  type?: string | undefined;
  errors?: FieldError[] | undefined;
  /** The session is gone (the token endpoint said 401): the user must sign in again. */
  sessionExpired?: boolean | undefined;
}

export class ApiError extends Error {
  override name = "ApiError";
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** Per-field validation problems (422). */
  readonly errors: FieldError[];
  readonly sessionExpired: boolean;

  constructor(init: ApiErrorInit) {
    super(init.detail ?? init.title);
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.errors = init.errors ?? [];
    this.sessionExpired = init.sessionExpired ?? false;
  }
}

export interface ApiRequestInit extends RequestInit {
  /** A value to send as the JSON body (sets Content-Type). */
  json?: unknown;
  /**
   * Use the page's token while it is fresh, but keep a token fetched for this
   * call to this call: for the event stream, which reconnects in the
   * background at each token's expiry and so must not decide which token the
   * page's own calls send (their one way to renew it is the 401 retry).
   */
  ownToken?: boolean;
}

/** Refresh this long before the token's expiry, so a token never expires in flight. */
const REFRESH_MARGIN_MS = 30_000;
const TOKEN_PATH = "/api/auth/token";

interface CachedToken {
  token: string;
  /** Local clock time after which a fresh token is fetched. */
  refreshAt: number;
}

let cachedToken: CachedToken | null = null;
let pendingToken: Promise<string> | null = null;
/** Bumped when the cache is cleared, so a request already in flight cannot refill it. */
let tokenGeneration = 0;

/** Forgets the cached token, e.g. on sign-out. */
export function clearApiToken(): void {
  cachedToken = null;
  pendingToken = null;
  tokenGeneration += 1;
}

/**
 * Calls the task API at `path` (e.g. `/api/tasks`) and resolves with the parsed
 * JSON body (`undefined` for 204). Rejects with an `ApiError`.
 */
export async function apiFetch<T = unknown>(path: string, init: ApiRequestInit = {}): Promise<T> {
  return (await readBody(await apiResponse(path, init))) as T;
}

/**
 * Like `apiFetch`, with the same fresh token and 401 retry, but resolves with
 * the response itself, body unread: for streams (GET /api/events) and
 * downloads (GET /api/export), which are not one JSON document.
 */
export async function apiResponse(path: string, init: ApiRequestInit = {}): Promise<Response> {
  if (!path.startsWith("/")) throw new TypeError(`apiFetch: path must start with "/": ${path}`);
  const url = `${apiBaseUrl()}${path}`;
  const { json, ownToken = false, ...rest } = init;
  const requestInit: RequestInit = {
    ...rest,
    // The API trusts only the Bearer token; never send it this site's cookies.
    credentials: "omit",
    mode: "cors",
  };
  if (json !== undefined) requestInit.body = JSON.stringify(json);

  for (let attempt = 0; ; attempt += 1) {
    const headers = new Headers(rest.headers);
    if (!headers.has("Accept")) headers.set("Accept", "application/json, application/problem+json");
    if (json !== undefined) headers.set("Content-Type", "application/json");
    const fresh = ownToken && (attempt > 0 || !cachedToken || Date.now() >= cachedToken.refreshAt);
    headers.set("Authorization", `Bearer ${fresh ? (await fetchToken()).token : await getToken()}`);

    const response = await send(url, { ...requestInit, headers });
    if (response.status === 401 && attempt === 0) {
      // Expired, or signed by a key that has been rotated: try once with a fresh token.
      if (!ownToken) clearApiToken();
      continue;
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }
}

function apiBaseUrl(): string {
  const base = typeof document === "undefined" ? undefined : document.documentElement.dataset.apiUrl;
  if (!base)
    throw new Error("apiFetch: the API address is missing (<html data-api-url>); call it in the browser");
  return base.replace(/\/+$/, "");
}

async function getToken(): Promise<string> {
  if (cachedToken && Date.now() < cachedToken.refreshAt) return cachedToken.token;
  if (!pendingToken) {
    const generation = tokenGeneration;
    const request = fetchToken().then((fresh) => {
      if (generation === tokenGeneration) cachedToken = fresh;
      return fresh.token;
    });
    pendingToken = request;
    const forget = () => {
      if (pendingToken === request) pendingToken = null;
    };
    request.then(forget, forget);
  }
  return pendingToken;
}

async function fetchToken(): Promise<CachedToken> {
  const response = await send(TOKEN_PATH, {
    credentials: "same-origin",
    cache: "no-store",
    headers: { Accept: "application/json" },
  });
  if (response.status === 401) {
    throw new ApiError({
      status: 401,
      title: "Your session has ended",
      detail: "Please sign in again.",
      sessionExpired: true,
    });
  }
  if (!response.ok) throw await toApiError(response);
  const body: unknown = await response.json().catch(() => null);
  const token = isRecord(body) && typeof body.token === "string" ? body.token : null;
  if (!token) throw new ApiError({ status: 502, title: "The sign-in service sent an unexpected answer" });
  return { token, refreshAt: refreshTime(token) };
}

/**
 * When to fetch the next token. Measured on the local clock from the token's
 * own lifetime (exp − iat), so a browser whose clock is off still refreshes
 * in time.
 */
function refreshTime(token: string): number {
  const claims = decodeClaims(token);
  const now = Date.now();
  if (typeof claims.exp !== "number") return now; // unknown lifetime: use it once
  const lifetimeMs =
    typeof claims.iat === "number" ? (claims.exp - claims.iat) * 1000 : claims.exp * 1000 - now;
  return now + Math.max(0, lifetimeMs - REFRESH_MARGIN_MS);
}

function decodeClaims(token: string): { exp?: unknown; iat?: unknown } {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "=");
    const parsed: unknown = JSON.parse(atob(padded));
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({
      status: 0,
      title: "Cannot reach the server",
      detail: "Check your connection and try again.",
    });
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  if (!isJson(response)) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError({ status: 502, title: "The server sent a malformed answer" });
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = response.statusText || `Request failed (${response.status})`;
  const body: unknown = isJson(response) ? await response.json().catch(() => null) : null;
  if (!isRecord(body)) return new ApiError({ status: response.status, title: fallback });
  return new ApiError({
    status: response.status,
    title:
      typeof body.title === "string"
        ? body.title
        : typeof body.message === "string"
          ? body.message
          : fallback,
    detail: typeof body.detail === "string" ? body.detail : undefined,
    type: typeof body.type === "string" ? body.type : undefined,
    errors: Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [],
  });
}

function isJson(response: Response): boolean {
  const type = response.headers.get("Content-Type") ?? "";
  return /^application\/([\w.+-]+\+)?json\b/i.test(type);
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.path === "string" && typeof value.message === "string";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
