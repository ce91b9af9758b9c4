// More than six instances: the browser allows six connections per host, so instances that
// share a history share requests (first turn), and beyond that requests wait their turn.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { addWithSettings, quickAdd, send, waitFinished } from '../lib/flows.mjs';

describe('eight instances', () => {
  let s;
  const inflight = { now: 0, max: 0, total: 0 };
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 100, ttftMs: 50 } });
    const track = (req, delta) => {
      if (!req.url().endsWith('/api/stream_chat')) return;
      inflight.now += delta;
      if (delta > 0) inflight.total++;
      inflight.max = Math.max(inflight.max, inflight.now);
    };
    s.page.on('request', (r) => track(r, +1));
    s.page.on('requestfinished', (r) => track(r, -1));
    s.page.on('requestfailed', (r) => track(r, -1));
  });
  after(async () => {
    if (s) await s.close();
  });

  test('scroll horizontally, share requests on the first turn, and all finish', async () => {
    const { page } = s;
    await page.goto(s.url);
    await quickAdd(page, 'llama3.2:3b');
    await quickAdd(page, 'qwen2.5:7b');
    for (const m of ['mistral:7b', 'gemma2:2b', 'phi3:mini']) await addWithSettings(page, m);
    // Different seeds: different answers, so the second turn has eight distinct histories.
    for (const [i, t] of [0.2, 0.4, 1.5].entries()) await addWithSettings(page, 'llama3.2:3b', { temperature: t, seed: i + 1 });
    assert.equal(await page.getByTestId('column').count(), 8);
    assert.ok(await page.getByTestId('columns').evaluate((el) => el.scrollWidth > el.clientWidth), 'more than six columns scroll');

    await send(page, 'Hello, all eight of you.');
    await waitFinished(page, 8);
    assert.equal(inflight.total, 6, 'eight instances with one history travel in six requests');
    assert.ok(inflight.max <= 6);
    const reqs = await s.fakeRequests();
    assert.equal(reqs.length, 8, 'every instance reached Ollama');
  });

  test('on the next turn each instance has its own history: eight requests, at most six at once', async () => {
    const { page } = s;
    inflight.total = 0;
    inflight.max = 0;
    await send(page, 'And again.');
    // Six start at once; two wait in the UI's own queue, shown as such.
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid=column] article[data-status=queued]').length === 2 &&
        document.querySelector('[data-testid=columns]').innerText.includes('Queued — waiting for a free connection…'),
      null,
      { timeout: 5000, polling: 'raf' },
    );
    await waitFinished(page, 16);
    assert.equal(inflight.total, 8);
    assert.ok(inflight.max <= 6, `at most six streams at once (saw ${inflight.max})`);
    assert.deepEqual(s.consoleErrors, []);
  });
});
