// The arena's HTTP API (/api/*): JSON calls, the chat stream and the bearer token.
// When the server answers 401, `onUnauthorized` asks the user for the token (once, shared
// by every request waiting at that moment); it is kept in sessionStorage for the browser
// session and the request is retried.
import type { Message } from './conversation';

export interface ModelDetails {
  name: string;
  size: number;
  digest: string;
  modified_at: string;
  family: string;
  parameter_size: string;
  quantization_level: string;
  format: string;
}

export interface Health {
  status: string;
  service: string;
  models_available: number;
  details?: string;
}

export interface PullState {
  model: string;
  status: string;
  completed: number;
  total: number;
  percent: number;
  error: string;
  done: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message with its details, as one line for a banner or toast. */
  get full(): string {
    return this.details ? `${this.message}: ${this.details}` : this.message;
  }
}

const TOKEN_KEY = 'ollama-arena.token';

/** Asked when the server wants a token; resolves to the token, or null if the user gave up. */
export type TokenPrompt = (message: string, wasWrong: boolean) => Promise<string | null>;

let tokenPrompt: TokenPrompt | null = null;
let pendingPrompt: Promise<string | null> | null = null;

export function setTokenPrompt(p: TokenPrompt | null): void {
  tokenPrompt = p;
}

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* private mode without storage: the token lives as long as the page */
  }
}

async function errorFrom(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`.trim();
  let details: string | undefined;
  let field: string | undefined;
  try {
    const body = (await res.json()) as Record<string, unknown>;
    if (typeof body.error === 'string') message = body.error;
    else if (typeof body.status === 'string') message = body.status;
    if (typeof body.details === 'string' && body.details) details = body.details;
    if (typeof body.field === 'string') field = body.field;
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, message, details, field);
}

function withAuth(init: RequestInit): RequestInit {
  const headers = new Headers(init.headers);
  const token = getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/**
 * fetch() with the token; on 401 asks for a token and retries. Returns the response for
 * any other status (the caller decides what is an error).
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const sentWith = getToken();
    const res = await fetch(path, withAuth(init));
    if (res.status !== 401 || !tokenPrompt || attempt >= 5) return res;
    const err = await errorFrom(res);
    // Another request may have obtained a new token meanwhile: retry with it first.
    if (getToken() !== sentWith) continue;
    if (!pendingPrompt) {
      pendingPrompt = tokenPrompt(err.message, sentWith !== null).finally(() => {
        pendingPrompt = null;
      });
    }
    const token = await pendingPrompt;
    if (!token) throw err;
    setToken(token);
  }
}

async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await apiFetch(path, init);
  } catch (e) {
    if (e instanceof ApiError || (e instanceof DOMException && e.name === 'AbortError')) throw e;
    throw new ApiError(0, 'The arena server could not be reached', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as T;
}

/** A JSON call with a JSON body (when `init.body` is set). */
export function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = init.body ? { 'Content-Type': 'application/json' } : undefined;
  return json<T>(path, { ...init, headers });
}

function post(body: unknown, signal?: AbortSignal): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  };
}

/** GET /api/health: open (no token). 503 still carries a body, returned as unhealthy. */
export async function getHealth(): Promise<Health> {
  const res = await fetch('/api/health');
  let body: Health | null = null;
  try {
    body = (await res.json()) as Health;
  } catch {
    /* not JSON */
  }
  if (body && typeof body.status === 'string') return body;
  return { status: 'unhealthy', service: 'ollama-arena', models_available: 0, details: `${res.status} ${res.statusText}` };
}

export async function getModels(): Promise<{ models: string[]; details: ModelDetails[] }> {
  const body = await json<{ models: string[]; details?: ModelDetails[] }>('/api/models?details=1');
  const details = body.details ?? body.models.map((name) => ({ name }) as ModelDetails);
  return { models: body.models, details };
}

export function pullModel(model: string): Promise<{ status: string; model: string }> {
  return json('/api/pull_model', post({ model }));
}

export function pullStatus(model: string): Promise<PullState> {
  return json(`/api/pull_status?model=${encodeURIComponent(model)}`);
}

export async function listPulls(): Promise<PullState[]> {
  return (await json<{ pulls: PullState[] }>('/api/pulls')).pulls ?? [];
}

export function deleteModel(model: string): Promise<{ status: string; model: string }> {
  return json('/api/delete_model', post({ model }));
}

export interface StreamChatBody {
  history: Message[];
  model_instances: Array<Record<string, string | number>>;
  /** Records the turn and its answers in this stored session. */
  session_id?: number;
  /** Requests with the same key (and session_id) are recorded as one turn. */
  turn_key?: string;
}

/** POST /api/stream_chat; resolves to the open response (its body is the NDJSON stream). */
export async function streamChat(body: StreamChatBody, signal: AbortSignal): Promise<Response> {
  const res = await apiFetch('/api/stream_chat', post(body, signal));
  if (!res.ok || !res.body) throw await errorFrom(res);
  return res;
}
