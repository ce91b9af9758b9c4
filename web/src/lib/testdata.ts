// Builders for unit tests (not bundled: only *.test.ts import this).
import { type Answer, type Conversation, newConversation } from './conversation';
import { DEFAULT_PARAMS, makeInstance } from './instances';

export function done(text: string, extra: Partial<Answer> = {}): Answer {
  return {
    text,
    status: 'done',
    chunks: text.split(' ').length,
    attempt: 1,
    metrics: { tokens: 10, duration_s: 0.5, tokens_per_sec: 20, ttft_s: 0.1, prompt_tokens: 5, load_s: 0.2, done_reason: 'stop' },
    ...extra,
  };
}

/** Three instances (two of the same model), two turns answered. */
export function sampleConversation(opts: { blind?: boolean } = {}): Conversation {
  const a = makeInstance('llama3.2:3b');
  const b = makeInstance('qwen2.5:7b');
  const c = makeInstance('llama3.2:3b', { ...DEFAULT_PARAMS, temperature: 1.2 });
  const conv = newConversation({ instances: [a, b, c], system: 'Be brief.' }, Date.UTC(2026, 0, 2, 3, 4));
  conv.blind = !!opts.blind;
  conv.order = [c.id, a.id, b.id]; // as if shuffled
  conv.title = 'Why is the sky blue?';
  conv.turns = [
    {
      id: 't1',
      user: 'Why is the sky blue?',
      at: Date.UTC(2026, 0, 2, 3, 5),
      answers: {
        [a.id]: done('Rayleigh scattering.', { feedback: 'up' }),
        [b.id]: done('Because of **scattering**.', { metrics: { tokens: 12, duration_s: 0.3, tokens_per_sec: 40 } }),
        [c.id]: done('Blue light scatters more.', { feedback: 'down' }),
      },
      verdict: { kind: 'best', instanceId: b.id },
    },
    {
      id: 't2',
      user: 'And at sunset?',
      at: Date.UTC(2026, 0, 2, 3, 6),
      answers: {
        [a.id]: done('Longer path, red remains.'),
        [b.id]: { text: '', status: 'error', chunks: 0, attempt: 1, error: "model 'qwen2.5:7b' not found" },
        [c.id]: done('Red wins at dusk.'),
      },
      verdict: { kind: 'tie' },
    },
  ];
  return conv;
}
