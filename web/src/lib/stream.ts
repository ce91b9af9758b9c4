// NDJSON stream of POST /api/stream_chat: bytes -> lines -> typed events. Pure apart from
// readStream, which only needs a ReadableStream (no DOM).
//
// Line shapes (API decisions, "/api/stream_chat"):
//   {"type":"token","instance_id","model","token","done":false}
//   {"type":"metrics","instance_id","model","token":"","done":true,"metrics":{...}}
//   {"type":"error","instance_id","model","token":"","done":true,"error":"..."}
// Lines without "type" (the contract document's older shape) are classified by their
// fields, so a client of either server generation keeps working.

export interface FinalMetrics {
  tokens: number;
  duration_s: number;
  tokens_per_sec: number;
  ttft_s?: number;
  total_s?: number;
  prompt_tokens?: number;
  prompt_tokens_per_sec?: number;
  load_s?: number;
  done_reason?: string;
}

export type StreamEvent =
  | { kind: 'token'; instanceId: string; model: string; token: string }
  | { kind: 'metrics'; instanceId: string; model: string; metrics: FinalMetrics }
  | { kind: 'error'; instanceId: string; model: string; error: string };

/** Splits a byte stream's decoded text into complete lines; keeps the unfinished tail. */
export class LineSplitter {
  private tail = '';

  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const parts = text.split('\n');
    this.tail = parts.pop() ?? '';
    return parts.map(stripCr).filter((l) => l.trim() !== '');
  }

  /** The last line when the stream ended without a newline. */
  flush(): string[] {
    const rest = stripCr(this.tail);
    this.tail = '';
    return rest.trim() === '' ? [] : [rest];
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function parseMetrics(raw: unknown): FinalMetrics {
  const m = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const tokens = num(m.tokens) ?? 0;
  const duration = num(m.duration_s) ?? 0;
  const out: FinalMetrics = {
    tokens,
    duration_s: duration,
    tokens_per_sec: num(m.tokens_per_sec) ?? (duration > 0 ? tokens / duration : 0),
  };
  const ttft = num(m.ttft_s) ?? num(m.first_token_time);
  if (ttft !== undefined) out.ttft_s = ttft;
  for (const k of ['total_s', 'prompt_tokens', 'prompt_tokens_per_sec', 'load_s'] as const) {
    const v = num(m[k]);
    if (v !== undefined) out[k] = v;
  }
  if (typeof m.done_reason === 'string' && m.done_reason) out.done_reason = m.done_reason;
  return out;
}

/**
 * One line to an event, or null for a line that is not JSON or carries no instance.
 * `fallbackId` names the instance for a request that carried a single one.
 */
export function parseStreamLine(line: string, fallbackId?: string): StreamEvent | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const r = o as Record<string, unknown>;
  const idField = typeof r.instance_id === 'string' ? r.instance_id : typeof r.model === 'string' ? r.model : undefined;
  const instanceId = idField ?? fallbackId;
  if (!instanceId) return null;
  const model = typeof r.model === 'string' ? r.model : '';
  const type = typeof r.type === 'string' ? r.type : undefined;
  if (type === 'error' || (type === undefined && typeof r.error === 'string' && r.error !== '')) {
    return { kind: 'error', instanceId, model, error: typeof r.error === 'string' && r.error ? r.error : 'unknown error' };
  }
  if (type === 'metrics' || (type === undefined && r.done === true)) {
    return { kind: 'metrics', instanceId, model, metrics: parseMetrics(r.metrics) };
  }
  if (type === 'token' || type === undefined) {
    return { kind: 'token', instanceId, model, token: typeof r.token === 'string' ? r.token : '' };
  }
  return null; // a type this client does not know: ignore it
}

/**
 * Reads an NDJSON body to its end, calling onEvent for each line. Resolves when the
 * stream ends; rejects with the reader's error (an AbortError when the fetch is aborted).
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (e: StreamEvent) => void,
  fallbackId?: string,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const splitter = new LineSplitter();
  const emit = (lines: string[]) => {
    for (const line of lines) {
      const ev = parseStreamLine(line, fallbackId);
      if (ev) onEvent(ev);
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      emit(splitter.push(decoder.decode(value, { stream: true })));
    }
    emit(splitter.push(decoder.decode()));
    emit(splitter.flush());
  } finally {
    reader.releaseLock();
  }
}
