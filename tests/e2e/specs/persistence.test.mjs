// Conversations live on the arena server: they survive a reload, show up in a fresh browser
// context (another browser), can be renamed and deleted there, and the list pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, quickAdd, send, waitFinished } from '../lib/flows.mjs';

describe('conversations on the server', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 300, ttftMs: 20 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('survive a reload and show in a new browser context', async () => {
    const { page } = s;
    await page.goto(s.url);
    await quickAdd(page, 'gemma2:2b');
    await quickAdd(page, 'qwen2.5:7b');
    await send(page, 'Name a prime number.');
    await waitFinished(page, 2);
    await send(page, 'And another one?');
    await waitFinished(page, 4);
    await page.getByRole('button', { name: 'Good answer from gemma2:2b' }).last().click();
    const answers = await page.$$eval('[data-testid=column] article[data-status=done]', (els) => els.map((e) => e.innerText.slice(0, 40)));

    // The server recorded every answer: four, in turns that carry each instance's own thread.
    const list = await (await fetch(`${s.url}/api/sessions`)).json();
    assert.equal(list.total, 1);
    const id = list.sessions[0].id;
    const view = await (await fetch(`${s.url}/api/sessions/${id}`)).json();
    const recorded = view.turns.flatMap((t) => t.answers);
    assert.equal(recorded.length, 4, 'each answer recorded once');
    assert.ok(recorded.every((a) => a.status === 'complete'));
    const exp = await (await fetch(`${s.url}/api/sessions/${id}/export`)).json();
    for (const t of exp.session.turns.filter((x) => x.index > 2)) {
      // Second turn: each instance saw only its own first answer.
      const own = exp.session.turns.find((x) => x.index <= 2 && x.answers[0].instance_id === t.answers[0].instance_id);
      assert.equal(t.messages[1].content, own.answers[0].text);
    }

    // Rename from the title field.
    const title = page.getByRole('textbox', { name: /title/i });
    await title.fill('Primes, two ways');
    await title.press('Enter');
    await page.waitForFunction(async (sid) => (await (await fetch(`/api/sessions/${sid}`)).json()).title === 'Primes, two ways', id, { timeout: T });

    // Let the page's own refresh finish first (a request cut off by the reload is no test of
    // persistence).
    await page.getByRole('navigation', { name: 'Saved conversations' }).getByRole('button', { name: /^Primes, two ways/ }).waitFor({ timeout: T });
    await page.waitForTimeout(300);

    // A reload brings it back from the server.
    await page.reload();
    await waitFinished(page, 4);
    const again = await page.$$eval('[data-testid=column] article[data-status=done]', (els) => els.map((e) => e.innerText.slice(0, 40)));
    assert.deepEqual(again, answers);
    assert.equal(await page.getByRole('button', { name: 'Good answer from gemma2:2b' }).last().getAttribute('aria-pressed'), 'true');
    assert.match(await page.getByRole('navigation', { name: 'Saved conversations' }).innerText(), /Primes, two ways/);

    // A fresh browser context (no storage shared) lists and opens it.
    const other = await s.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p2 = await other.newPage();
    const errors = [];
    p2.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p2.goto(s.url);
    const nav = p2.getByRole('navigation', { name: 'Saved conversations' });
    await nav.getByRole('button', { name: /^Primes, two ways/ }).click();
    await waitFinished(p2, 4);
    const there = await p2.$$eval('[data-testid=column] article[data-status=done]', (els) => els.map((e) => e.innerText.slice(0, 40)));
    assert.deepEqual(there, answers);
    assert.match(await p2.getByTestId('columns').innerText(), /gemma2:2b/);

    // Delete it there; the first browser no longer lists it after a reload.
    await nav.getByRole('button', { name: 'Delete conversation Primes, two ways' }).click();
    await p2.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
    await p2.waitForFunction(async () => (await (await fetch('/api/sessions')).json()).total === 0, null, { timeout: T });
    await other.close();
    await page.reload();
    await page.waitForTimeout(300);
    assert.doesNotMatch(await page.getByRole('navigation', { name: 'Saved conversations' }).innerText(), /Primes/);
    assert.deepEqual(errors, []);
    assert.deepEqual(s.consoleErrors, []);
  });

  test('the list pages: newest first, older ones on demand', async () => {
    const { page } = s;
    for (let i = 1; i <= 52; i++) {
      const r = await fetch(`${s.url}/api/sessions`, { method: 'POST', body: JSON.stringify({ title: `Session ${i}` }) });
      assert.equal(r.status, 201);
    }
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Saved conversations' });
    await nav.getByRole('button', { name: /^Session 52/ }).waitFor({ timeout: T });
    const first = (await nav.locator('li .title').allInnerTexts()).map((t) => t.trim());
    assert.equal(first.length, 50);
    assert.equal(first[0], 'Session 52');
    await nav.getByRole('button', { name: /Show older \(2 more\)/ }).click();
    await nav.getByRole('button', { name: /^Session 1\b/ }).waitFor({ timeout: T });
    assert.equal(await nav.locator('li').count(), 52);
    assert.deepEqual(s.consoleErrors, []);
  });

  test('a clear error when the server cannot be reached', async () => {
    const { page } = s;
    await page.route('**/api/sessions?*', (route) => route.abort('connectionrefused'));
    await page.reload();
    const alert = page.getByRole('navigation', { name: 'Saved conversations' }).getByRole('alert');
    await alert.waitFor({ timeout: T });
    assert.match(await alert.innerText(), /could not be loaded from the arena server/);
    await page.unroute('**/api/sessions?*');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await alert.waitFor({ state: 'detached', timeout: T });
  });
});
