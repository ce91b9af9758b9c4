import { describe, expect, it } from 'vitest';
import { answerStats, statusLabel } from './live';
import { formatRate, formatSeconds, formatBytes } from './format';

describe('answerStats', () => {
  it('estimates tokens/s, TTFT and elapsed time live', () => {
    const s = answerStats({ text: 'x', status: 'streaming', chunks: 11, attempt: 1, sentAt: 1000, firstTokenAt: 1500, lastTokenAt: 2500 }, 3000);
    expect(s).toMatchObject({ rate: 10, ttft: 0.5, tokens: 11, elapsed: 2, final: false });
  });

  it('uses Ollama’s numbers once done', () => {
    const s = answerStats(
      {
        text: 'x',
        status: 'done',
        chunks: 11,
        attempt: 1,
        sentAt: 1000,
        firstTokenAt: 1500,
        lastTokenAt: 2500,
        endedAt: 2600,
        metrics: { tokens: 12, duration_s: 1, tokens_per_sec: 12, ttft_s: 0.4, total_s: 1.5, prompt_tokens: 9, load_s: 0.3 },
      },
      9999,
    );
    expect(s).toEqual({ rate: 12, ttft: 0.4, tokens: 12, elapsed: 1.5, promptTokens: 9, load: 0.3, final: true });
  });

  it('labels statuses', () => {
    expect(statusLabel({ text: '', status: 'done', chunks: 0, attempt: 1, metrics: { tokens: 1, duration_s: 1, tokens_per_sec: 1, done_reason: 'length' } })).toBe('Done · max tokens');
    expect(statusLabel({ text: '', status: 'waiting', chunks: 0, attempt: 1 })).toBe('Waiting for first token');
  });
});

describe('format', () => {
  it('formats rates, seconds and sizes compactly', () => {
    expect(formatRate(41.234)).toBe('41.2');
    expect(formatRate(206.05)).toBe('206');
    expect(formatRate(1761006)).toBe('1.8M');
    expect(formatRate(undefined)).toBe('—');
    expect(formatSeconds(0.0001)).toBe('<0.01 s');
    expect(formatSeconds(3.456)).toBe('3.46 s');
    expect(formatSeconds(75)).toBe('1m 15s');
    expect(formatBytes(2019393189)).toBe('2.0 GB');
    expect(formatBytes(637700138)).toBe('638 MB');
  });
});
