// How a turn's instances are spread over stream requests.
//
// Design (per-instance stop): the server cancels every upstream generation of a request
// when that request's connection closes, and it cannot cancel one instance of a running
// request. So the UI sends each instance as its own POST /api/stream_chat: aborting that
// fetch closes its connection and truly stops that model's generation on Ollama, and the
// others keep streaming. It also fits per-instance threads, since from the second turn on
// every instance has its own history (one request carries one shared history).
//
// The cost is connections: browsers open at most 6 HTTP/1.1 connections per host, and a
// request beyond that waits in the browser's queue. So with more instances than the
// budget, instances whose histories are identical (every instance on the first turn) share
// requests, split as evenly as the budget allows; stopping one instance of a shared request
// stops showing its tokens and aborts the request once all its instances are stopped or
// finished. Instances with different histories beyond the budget wait in our own queue
// (shown as "Queued") until a connection frees up.

export interface PlanItem {
  instanceId: string;
  /** Identity of the history sent (e.g. its JSON); equal keys may share a request. */
  key: string;
}

/** Chromium's per-host connection limit for HTTP/1.1. */
export const STREAM_BUDGET = 6;

/** Groups instance ids into requests: one per instance when they fit the budget. */
export function planRequests(items: readonly PlanItem[], budget = STREAM_BUDGET): string[][] {
  if (items.length === 0) return [];
  const limit = Math.max(1, budget);
  if (items.length <= limit) return items.map((i) => [i.instanceId]);
  const groups = new Map<string, string[]>();
  for (const it of items) {
    const g = groups.get(it.key);
    if (g) g.push(it.instanceId);
    else groups.set(it.key, [it.instanceId]);
  }
  const requests = [...groups.values()];
  // Split the largest shareable request in two until the budget is used.
  while (requests.length < limit) {
    let largest = -1;
    for (let i = 0; i < requests.length; i++) {
      if (requests[i].length > 1 && (largest < 0 || requests[i].length > requests[largest].length)) largest = i;
    }
    if (largest < 0) break;
    const r = requests[largest];
    const half = Math.ceil(r.length / 2);
    requests.splice(largest, 1, r.slice(0, half), r.slice(half));
  }
  return requests;
}

/** A counting semaphore: at most `limit` holders; the rest wait in FIFO order. */
export class Slots {
  private used = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.used < this.limit) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.used++;
        resolve();
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== grant);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  release(): void {
    this.used = Math.max(0, this.used - 1);
    const next = this.waiters.shift();
    if (next) next();
  }

  get inUse(): number {
    return this.used;
  }
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}
