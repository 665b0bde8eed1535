// The panel's client of the HTTP API: the session's token, JSON requests
// that carry it, and the /live WebSocket.

const TOKEN_KEY = "gossipper.api_token";
const API = "/api/v1";

/// Where a run's routes are: "" for the run that serves the page, or
/// "/engines/ID" for a run of gossipper server (its routes forwarded).
let runPrefix = "";
export function setRun(id: string | null): void {
  runPrefix = id === null ? "" : `/engines/${encodeURIComponent(id)}`;
}

/// Thrown for a response whose status is not 2xx; `body` is its JSON if any.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/// Called on a 401: the page asks for a token, then retries.
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/// Takes `?token=` off the page's address into sessionStorage: the token is
/// kept for the tab's session, and stays out of the history and bookmarks.
export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token === null) return;
  setToken(token);
  url.searchParams.delete("token");
  window.history.replaceState(null, "", url.pathname + url.search + url.hash);
}

export function token(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function setToken(value: string): void {
  if (value === "") sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, value);
}

function headers(extra: Record<string, string>): Headers {
  const h = new Headers(extra);
  const t = token();
  if (t !== "") h.set("Authorization", `Bearer ${t}`);
  return h;
}

async function failure(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  const fields = (body ?? {}) as { error?: unknown; code?: unknown };
  const message = typeof fields.error === "string" ? fields.error : response.statusText;
  const code = typeof fields.code === "string" ? fields.code : String(response.status);
  if (response.status === 401) onUnauthorized();
  return new ApiError(response.status, code, message, body);
}

export interface ApiInit {
  method?: string;
  body?: string;
  contentType?: string;
}

/// `path` among the run's routes (under /api/v1, or the selected run's of
/// gossipper server); the parsed JSON of a 2xx answer, else ApiError.
export function request<T>(path: string, init: ApiInit = {}): Promise<T> {
  return serverRequest<T>(runPrefix + path, init);
}

/// `path` under /api/v1 itself (gossipper server's own routes).
export async function serverRequest<T>(path: string, init: ApiInit = {}): Promise<T> {
  const extra: Record<string, string> = { Accept: "application/json" };
  if (init.contentType !== undefined) extra["Content-Type"] = init.contentType;
  const options: RequestInit = { method: init.method ?? "GET", headers: headers(extra) };
  if (init.body !== undefined) options.body = init.body;
  const response = await fetch(API + path, options);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, {
    method: "POST",
    body: JSON.stringify(body),
    contentType: "application/json",
  });
}

/// POST to gossipper server's own routes (not the selected run's).
export function postJsonServer<T>(path: string, body: unknown): Promise<T> {
  return serverRequest<T>(path, {
    method: "POST",
    body: JSON.stringify(body),
    contentType: "application/json",
  });
}

/// The answer's bytes, for a download.
export async function blob(path: string): Promise<Blob> {
  const response = await fetch(API + runPrefix + path, { headers: headers({}) });
  if (!response.ok) throw await failure(response);
  return response.blob();
}

export interface LiveHandlers {
  message(data: unknown): void;
  state(connected: boolean): void;
}

/// The /live WebSocket, reconnected after a loss (1 s, then up to 10 s
/// apart). close() ends it for good.
export class LiveSocket {
  private socket: WebSocket | null = null;
  private retryMs = 1000;
  private timer = 0;
  private closed = false;

  constructor(private readonly handlers: LiveHandlers) {}

  open(): void {
    this.closed = false;
    window.clearTimeout(this.timer);
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const t = token();
    const query = t === "" ? "" : `?token=${encodeURIComponent(t)}`;
    const ws = new WebSocket(`${scheme}//${window.location.host}${API}/live${query}`);
    this.socket = ws;
    ws.onopen = () => {
      this.retryMs = 1000;
      this.handlers.state(true);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== "string") return;
      try {
        this.handlers.message(JSON.parse(event.data));
      } catch {
        // a frame that is not JSON is skipped
      }
    };
    ws.onclose = () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.handlers.state(false);
      if (!this.closed) this.timer = window.setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10000);
    };
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }
}
