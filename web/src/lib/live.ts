// Live and final numbers of one answer, for the column header and the answer footer. Pure.
import type { Answer } from './conversation';

export interface AnswerStats {
  /** Tokens per second: live estimate while streaming, Ollama's figure once done. */
  rate?: number;
  /** Time to first token in seconds. */
  ttft?: number;
  tokens?: number;
  /** Seconds since the request was sent (until it ended). */
  elapsed?: number;
  promptTokens?: number;
  load?: number;
  final: boolean;
}

export function answerStats(a: Answer, now: number): AnswerStats {
  const m = a.metrics;
  const start = a.sentAt;
  const elapsed = start ? Math.max(0, ((a.endedAt ?? now) - start) / 1000) : undefined;
  const clientTtft = a.firstTokenAt && start ? Math.max(0, (a.firstTokenAt - start) / 1000) : undefined;
  let liveRate: number | undefined;
  if (a.chunks >= 2 && a.firstTokenAt && a.lastTokenAt && a.lastTokenAt > a.firstTokenAt) {
    liveRate = (a.chunks - 1) / ((a.lastTokenAt - a.firstTokenAt) / 1000);
  }
  if (m && a.status === 'done') {
    return {
      rate: m.tokens_per_sec,
      ttft: m.ttft_s ?? clientTtft,
      tokens: m.tokens,
      elapsed: m.total_s ?? elapsed,
      promptTokens: m.prompt_tokens,
      load: m.load_s,
      final: true,
    };
  }
  return { rate: liveRate, ttft: clientTtft, tokens: a.chunks || undefined, elapsed, final: false };
}

export function statusLabel(a: Answer): string {
  switch (a.status) {
    case 'queued':
      return 'Queued';
    case 'waiting':
      return 'Waiting for first token';
    case 'streaming':
      return 'Streaming';
    case 'done':
      return a.metrics?.done_reason === 'length' ? 'Done · max tokens' : 'Done';
    case 'stopped':
      return 'Stopped';
    case 'error':
      return 'Error';
  }
}
