import { describe, expect, it } from 'vitest';
import { type ServerSession, fromServer, summaryOf } from './server-store';

const answer = (id: number, slot: number, label: string, text: string, extra: Record<string, unknown> = {}) => ({
  id, slot, label, status: 'complete' as const, text, error: null, metrics: null, rating: 0, ...extra,
});

const base: ServerSession = {
  id: 7, title: 'Rivers', system: '', blind: false, revealed: false, created_at: '2026-11-26T10:00:00.000Z',
  updated_at: '2026-11-26T10:05:00.000Z', turn_count: 3, vote_count: 0, masked: false,
  instances: [
    { label: 'Model B', position: 1, instance_id: 'b', model: 'qwen2.5:7b', settings: { temperature: 0.2 } },
    { label: 'Model A', position: 0, instance_id: 'a', model: 'llama3.2:3b', settings: {} },
  ],
  turns: [],
};

describe('fromServer', () => {
  it('joins the per-instance server turns of one message into one turn, in label order', () => {
    const conv = fromServer({
      ...base,
      turns: [
        { id: 1, index: 1, user_message: 'Hi', created_at: base.created_at, vote: null, answers: [answer(1, 0, 'Model A', 'a1', { instance_id: 'a', rating: 1 })] },
        { id: 2, index: 2, user_message: 'Hi', created_at: base.created_at, vote: null, answers: [answer(2, 0, 'Model B', 'b1', { instance_id: 'b' })] },
        { id: 3, index: 3, user_message: 'More', created_at: base.created_at, vote: null, answers: [answer(3, 0, 'Model A', 'a2', { instance_id: 'a' }), answer(4, 1, 'Model B', 'b2', { instance_id: 'b', status: 'failed', error: 'boom' })] },
        // A regeneration of b's answer: the later one wins.
        { id: 4, index: 4, user_message: 'More', created_at: base.created_at, vote: null, answers: [answer(5, 0, 'Model B', 'b2 again', { instance_id: 'b' })] },
      ],
    }, { conv: null, labels: {} });
    expect(conv.id).toBe('7');
    expect(conv.remote).toBe(true);
    expect(conv.order).toEqual(['a', 'b']);
    expect(conv.instances[1]).toMatchObject({ id: 'b', model: 'qwen2.5:7b', temperature: 0.2, top_k: 40 });
    expect(conv.turns).toHaveLength(2);
    expect(conv.turns[0].answers.a).toMatchObject({ text: 'a1', status: 'done', feedback: 'up', serverId: 1 });
    expect(conv.turns[0].serverTurn).toBeUndefined(); // split: no turn holds both answers
    expect(conv.turns[1].serverTurn).toBe(3);
    expect(conv.turns[1].answers.b).toMatchObject({ text: 'b2 again', attempt: 2, serverId: 5 });
  });

  it('maps labels to cached instances while masked, and shows labels elsewhere', () => {
    const masked: ServerSession = {
      ...base, blind: true, masked: true,
      instances: [{ label: 'Model A', position: 0 }, { label: 'Model B', position: 1 }],
      turns: [{ id: 1, index: 1, user_message: 'Hi', created_at: base.created_at, answers: [answer(1, 0, 'Model B', 'x'), answer(2, 1, 'Model A', 'y')], vote: { kind: 'best', winner: 'Model B', winner_label: 'Model B' } }],
    };
    const other = fromServer(masked, { conv: null, labels: {} });
    expect(other.order).toEqual(['Model A', 'Model B']);
    expect(other.turns[0].verdict).toEqual({ kind: 'best', instanceId: 'Model B' });
    const cachedConv = fromServer(base, { conv: null, labels: {} });
    const mine = fromServer(masked, { conv: cachedConv, labels: { 'Model A': 'b', 'Model B': 'a' } });
    expect(mine.order).toEqual(['b', 'a']);
    expect(mine.turns[0].answers.a.text).toBe('x');
    expect(mine.turns[0].verdict).toEqual({ kind: 'best', instanceId: 'a' });
  });

  it('summarises a listed session', () => {
    expect(summaryOf({ ...base, instances: undefined, vote_count: 2 })).toMatchObject({ id: '7', title: 'Rivers', turns: 3, votes: 2, instances: -1 });
  });
});
