import { describe, expect, it } from 'vitest';
import { type BoardRow, heatColor, pct, ratingDomain, ticks } from './leaderboard';

const row = (rating: number, lo: number, hi: number): BoardRow =>
  ({ rank: 1, competitor: 'x', label: 'x', model: 'x', rating, ci_lower: lo, ci_upper: hi, battles: 1, wins: 1, losses: 0, ties: 0, both_bad: 0, win_rate: 1, elo: 1000 });

describe('leaderboard helpers', () => {
  it('pads the rating domain to round numbers around every interval', () => {
    const [lo, hi] = ratingDomain([row(1077, 1000, 1188.6), row(923, 811.4, 1000)]);
    expect(lo).toBeLessThanOrEqual(800);
    expect(hi).toBeGreaterThanOrEqual(1200);
    expect(lo % 50).toBe(0);
    expect(hi % 50).toBe(0);
    expect(ratingDomain([])).toEqual([900, 1100]);
  });

  it('gives round ticks inside the domain', () => {
    expect(ticks(800, 1200, 4)).toEqual([800, 900, 1000, 1100, 1200]);
    for (const t of ticks(850, 1150)) expect(t).toBeGreaterThanOrEqual(850);
  });

  it('colours win rates from red through grey to green', () => {
    expect(heatColor(null)).toBe('transparent');
    expect(heatColor(0)).toBe('rgb(220 38 38)');
    expect(heatColor(0.5)).toBe('rgb(148 163 184)');
    expect(heatColor(1)).toBe('rgb(5 150 105)');
    expect(pct(0.754)).toBe('75%');
    expect(pct(null)).toBe('—');
  });
});
