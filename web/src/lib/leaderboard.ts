// The leaderboard (GET /api/leaderboard): types, the call, and the pure helpers of its
// chart and heatmap (scales, ticks, colours). No DOM.
import { apiFetch, apiJson } from './api';

export type GroupBy = 'config' | 'model';

export interface BoardRow {
  rank: number;
  competitor: string;
  label: string;
  model: string;
  rating: number;
  ci_lower: number;
  ci_upper: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  both_bad: number;
  win_rate: number;
  elo: number;
}

export interface Board {
  group_by: GroupBy;
  rows: BoardRow[];
  matrix: { labels: string[]; win_rate: Array<Array<number | null>>; battles: number[][] };
  votes: number;
  battles: number;
  bootstrap_rounds: number;
  confidence: number;
}

export function getLeaderboard(groupBy: GroupBy): Promise<Board> {
  return apiJson<Board>(`/api/leaderboard?group_by=${groupBy}`);
}

/** Downloads a file the API serves (with the token, so not a plain link). */
export async function fetchText(path: string): Promise<string> {
  const res = await apiFetch(path);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return res.text();
}

/** The chart's domain: every interval, padded, on round numbers. */
export function ratingDomain(rows: readonly BoardRow[], step = 50): [number, number] {
  if (rows.length === 0) return [900, 1100];
  let lo = Math.min(...rows.map((r) => Math.min(r.ci_lower, r.rating)));
  let hi = Math.max(...rows.map((r) => Math.max(r.ci_upper, r.rating)));
  lo = Math.floor((lo - step / 4) / step) * step;
  hi = Math.ceil((hi + step / 4) / step) * step;
  if (hi - lo < 2 * step) {
    lo -= step;
    hi += step;
  }
  return [lo, hi];
}

/** Round ticks across [lo, hi], about `count` of them. */
export function ticks(lo: number, hi: number, count = 6): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 100) / 100);
  return out;
}

/**
 * The heatmap colour of a win rate: red (0) through neutral (0.5) to green (1), as an
 * `rgb()` that works on light and dark backgrounds; null (never met) is transparent.
 */
export function heatColor(rate: number | null): string {
  if (rate === null || Number.isNaN(rate)) return 'transparent';
  const t = Math.max(0, Math.min(1, rate));
  const lerp = (a: number, b: number, u: number) => Math.round(a + (b - a) * u);
  const [from, to, u] = t < 0.5 ? [[220, 38, 38], [148, 163, 184], t / 0.5] : [[148, 163, 184], [5, 150, 105], (t - 0.5) / 0.5];
  return `rgb(${lerp(from[0], to[0], u)} ${lerp(from[1], to[1], u)} ${lerp(from[2], to[2], u)})`;
}

export function pct(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}
