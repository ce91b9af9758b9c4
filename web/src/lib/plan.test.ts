import { describe, expect, it } from 'vitest';
import { Slots, planRequests } from './plan';

const items = (keys: string[]) => keys.map((key, i) => ({ instanceId: `i${i}`, key }));

describe('planRequests', () => {
  it('sends each instance alone when they fit the connection budget', () => {
    expect(planRequests(items(['a', 'a', 'b']), 6)).toEqual([['i0'], ['i1'], ['i2']]);
    expect(planRequests(items(['a', 'b', 'c', 'd', 'e', 'f']), 6)).toHaveLength(6);
  });

  it('shares requests between identical histories beyond the budget, using the whole budget', () => {
    const plan = planRequests(items(Array(8).fill('same')), 6);
    expect(plan).toHaveLength(6);
    expect(plan.flat().sort()).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7']);
    expect(Math.max(...plan.map((r) => r.length))).toBe(2);
  });

  it('never puts different histories in one request', () => {
    const plan = planRequests(items(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'a']), 6);
    for (const r of plan) {
      const keys = new Set(r.map((id) => ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'a'][Number(id.slice(1))]));
      expect(keys.size).toBe(1);
    }
    expect(plan).toHaveLength(7); // 7 distinct histories: one request each, the 7th queues
  });

  it('handles no instances', () => {
    expect(planRequests([], 6)).toEqual([]);
  });
});

describe('Slots', () => {
  it('lets at most `limit` holders in and hands slots over in order', async () => {
    const s = new Slots(1);
    await s.acquire();
    const order: number[] = [];
    const a = s.acquire().then(() => order.push(1));
    const b = s.acquire().then(() => order.push(2));
    expect(s.inUse).toBe(1);
    s.release();
    await a;
    s.release();
    await b;
    expect(order).toEqual([1, 2]);
  });

  it('rejects a waiter whose signal aborts, without taking a slot', async () => {
    const s = new Slots(1);
    await s.acquire();
    const ctrl = new AbortController();
    const waiting = s.acquire(ctrl.signal);
    ctrl.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    s.release();
    expect(s.inUse).toBe(0);
  });
});
