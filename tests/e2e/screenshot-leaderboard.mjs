// Takes docs/screenshot-leaderboard.png: the leaderboard after a few dozen blind votes
// (cast through the API, as the UI would) between four configurations.
// Usage: node screenshot-leaderboard.mjs [out.png] [--dark]   (same environment as the tests)
import path from 'node:path';
import { REPO, scenario } from './lib/harness.mjs';

const args = process.argv.slice(2);
const dark = args.includes('--dark');
const out = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(REPO, 'docs/screenshot-leaderboard.png'));

const CONTESTANTS = [
  { model: 'qwen2.5:7b', temperature: 0.3, num_predict: 12 },
  { model: 'llama3.2:3b', num_predict: 12 },
  { model: 'llama3.2:3b', temperature: 1.2, num_predict: 12 },
  { model: 'mistral:7b', num_predict: 12 },
  { model: 'phi3:mini', num_predict: 12 },
];
// How likely each one is to be picked as best (a made-up but plausible spread).
const STRENGTH = [5, 3.2, 1.6, 2.6, 1.2];

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const s = await scenario({ fake: { tokensPerSec: 2000, ttftMs: 1 }, viewport: { width: 1400, height: 900 } });
try {
  const api = async (p, body) => {
    const r = await fetch(`${s.url}${p}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  for (let n = 0; n < 36; n++) {
    // Three of the five contestants per comparison.
    const pick = CONTESTANTS.map((c, i) => [rnd(), i]).sort((a, b) => a[0] - b[0]).slice(0, 3).map(([, i]) => i);
    const sess = await api('/api/sessions', { title: `Question ${n + 1}`, blind: true });
    await api('/api/chat', { session_id: sess.id, message: `Question number ${n + 1}?`, model_instances: pick.map((i) => CONTESTANTS[i]) });
    const view = await api(`/api/sessions/${sess.id}`);
    const turn = view.turns[0];
    const r = rnd();
    let winner;
    if (r < 0.1) winner = 'tie';
    else if (r < 0.15) winner = 'all_bad';
    else {
      const w = pick.map((i) => STRENGTH[i] * (0.5 + rnd()));
      const best = w.indexOf(Math.max(...w));
      winner = turn.answers.find((a) => a.slot === best).label;
    }
    await api(`/api/sessions/${sess.id}/turns/${turn.id}/vote`, { winner });
    await api(`/api/sessions/${sess.id}/reveal`, {});
  }
  const { page } = s;
  await page.goto(`${s.url}/#/leaderboard`);
  if (dark) await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.getByTestId('leaderboard-table').waitFor({ timeout: 20000 });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await s.close();
}
