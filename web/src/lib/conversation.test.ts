import { describe, expect, it } from 'vitest';
import {
  autoTitle,
  displayName,
  fastestIn,
  historyFor,
  letter,
  letterOf,
  newConversation,
  orderedInstances,
  revive,
  shuffled,
  tallies,
  votingLocked,
} from './conversation';
import { done, sampleConversation } from './testdata';
import { makeInstance } from './instances';

describe('historyFor: each instance keeps its own thread', () => {
  it('sends the system prompt, earlier turns with the instance’s own answers, then the new message', () => {
    const conv = sampleConversation();
    const [a, b, c] = conv.instances;
    expect(historyFor(conv, a.id, 1)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Why is the sky blue?' },
      { role: 'assistant', content: 'Rayleigh scattering.' },
      { role: 'user', content: 'And at sunset?' },
    ]);
    expect(historyFor(conv, c.id, 1)[2]).toEqual({ role: 'assistant', content: 'Blue light scatters more.' });
    expect(historyFor(conv, b.id, 1)[2]).toEqual({ role: 'assistant', content: 'Because of **scattering**.' });
  });

  it('never includes another instance’s answer', () => {
    const conv = sampleConversation();
    const [a, b, c] = conv.instances;
    const text = JSON.stringify(historyFor(conv, a.id, 1));
    expect(text).not.toContain('Because of');
    expect(text).not.toContain('Blue light');
    expect(JSON.stringify(historyFor(conv, b.id, 1))).not.toContain('Rayleigh');
    expect(JSON.stringify(historyFor(conv, c.id, 1))).not.toContain('Rayleigh');
  });

  it('keeps the user message but no assistant turn when an earlier answer has no text', () => {
    const conv = sampleConversation();
    const b = conv.instances[1];
    conv.turns.push({ id: 't3', user: 'Thanks', at: 0, answers: { [b.id]: done('') } });
    expect(historyFor(conv, b.id, 2).map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'user']);
  });

  it('skips turns the instance sat out (continue-with-one)', () => {
    const conv = sampleConversation();
    const [a, b] = conv.instances;
    conv.turns.push({ id: 't3', user: 'Only A', at: 0, answers: { [a.id]: done('A alone') } });
    conv.turns.push({ id: 't4', user: 'All again', at: 0, answers: { [a.id]: done(''), [b.id]: done('') } });
    expect(historyFor(conv, b.id, 3).map((m) => m.content)).not.toContain('Only A');
    expect(historyFor(conv, a.id, 3).map((m) => m.content)).toContain('A alone');
  });

  it('omits an empty system prompt', () => {
    const conv = sampleConversation();
    conv.system = '  ';
    expect(historyFor(conv, conv.instances[0].id, 0)).toEqual([{ role: 'user', content: 'Why is the sky blue?' }]);
  });
});

describe('blind labels', () => {
  it('labels by display order and hides names until the reveal', () => {
    const conv = sampleConversation({ blind: true });
    const [a, b, c] = conv.instances;
    expect(letterOf(conv, c.id)).toBe('A');
    expect(letterOf(conv, a.id)).toBe('B');
    expect(displayName(conv, b.id)).toBe('Model C');
    expect(votingLocked(conv)).toBe(false);
    conv.revealed = true;
    expect(displayName(conv, b.id)).toBe('qwen2.5:7b');
    expect(votingLocked(conv)).toBe(true);
    expect(orderedInstances(conv).map((i) => i.id)).toEqual([c.id, a.id, b.id]);
  });

  it('letters go past Z', () => {
    expect([0, 1, 25, 26, 27].map(letter)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('shuffles with Fisher–Yates and keeps every item', () => {
    const seq = [0.9, 0.1, 0.5];
    let i = 0;
    const out = shuffled(['a', 'b', 'c', 'd'], () => seq[i++ % seq.length]);
    expect(out.slice().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(out).not.toEqual(['a', 'b', 'c', 'd']);
  });

  it('a new blind conversation gets a shuffled order of its instances', () => {
    const instances = ['a:1', 'b:1', 'c:1', 'd:1', 'e:1', 'f:1'].map((m) => makeInstance(m));
    const conv = newConversation({ instances, blind: true });
    expect(conv.order.slice().sort()).toEqual(instances.map((i) => i.id).sort());
  });
});

describe('tallies', () => {
  it('counts best votes, ties, all-bad and thumbs per instance', () => {
    const conv = sampleConversation();
    const [a, b, c] = conv.instances;
    conv.turns[1].verdict = { kind: 'all_bad' };
    conv.turns.push({ id: 't3', user: 'x', at: 0, answers: { [a.id]: done('y') }, verdict: { kind: 'tie' } });
    const t = tallies(conv);
    expect(t.turnsVoted).toBe(3);
    expect(t.ties).toBe(1);
    expect(t.allBad).toBe(1);
    const by = Object.fromEntries(t.perInstance.map((p) => [p.instanceId, p]));
    expect(by[a.id]).toMatchObject({ up: 1, down: 0, best: 0 });
    expect(by[b.id]).toMatchObject({ up: 0, down: 0, best: 1 });
    expect(by[c.id]).toMatchObject({ up: 0, down: 1, best: 0 });
  });
});

describe('fastestIn', () => {
  it('marks the highest tokens/s among finished answers', () => {
    const conv = sampleConversation();
    expect(fastestIn(conv.turns[0])).toBe(conv.instances[1].id);
  });

  it('marks nobody on a tie for first place', () => {
    const conv = sampleConversation();
    const [a, b] = conv.instances;
    const m = { tokens: 1, duration_s: 1, tokens_per_sec: 50 };
    expect(fastestIn({ id: 'x', user: '', at: 0, answers: { [a.id]: done('z', { metrics: m }), [b.id]: done('z', { metrics: m }) } })).toBeNull();
  });

  it('marks nobody with fewer than two finished answers', () => {
    const conv = sampleConversation();
    const [a] = conv.instances;
    expect(fastestIn({ id: 'x', user: '', at: 0, answers: { [a.id]: done('z') } })).toBeNull();
  });
});

describe('revive', () => {
  it('marks answers interrupted by a reload as stopped and fills missing fields', () => {
    const conv = sampleConversation();
    const a = conv.instances[0];
    conv.turns[1].answers[a.id] = { text: 'partial', status: 'streaming', chunks: 3, attempt: 1 };
    const raw = JSON.parse(JSON.stringify(conv));
    delete raw.active;
    const r = revive(raw);
    expect(r.turns[1].answers[a.id].status).toBe('stopped');
    expect(r.turns[1].answers[a.id].text).toBe('partial');
    expect(r.active).toEqual(conv.instances.map((i) => i.id));
  });
});

describe('autoTitle', () => {
  it('uses the first message, collapsed and shortened', () => {
    expect(autoTitle('  Hello\n\nworld  ')).toBe('Hello world');
    expect(autoTitle('x'.repeat(100))).toHaveLength(60);
    expect(autoTitle('')).toBe('New comparison');
  });
});
