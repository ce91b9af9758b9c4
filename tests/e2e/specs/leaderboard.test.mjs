// Blind comparisons feed the leaderboard: vote, reveal, and the board shows the competitors
// with their intervals, a chart, the win-rate matrix, the group-by switch and the downloads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { scenario } from '../lib/harness.mjs';
import { T, addWithSettings, quickAdd, send, waitFinished } from '../lib/flows.mjs';

/** Waits until the server holds `n` votes in all (votes are sent in the background). */
async function waitVotes(s, n) {
  for (let i = 0; i < 150; i++) {
    const list = await (await fetch(`${s.url}/api/sessions`)).json();
    if (list.sessions.reduce((sum, x) => sum + x.vote_count, 0) >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server never had ${n} votes`);
}

async function downloadOf(page, buttonName) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.getByRole('button', { name: buttonName }).click()]);
  return { name: d.suggestedFilename(), text: await readFile(await d.path(), 'utf8') };
}

describe('the leaderboard', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 300, ttftMs: 20 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('blind comparison, vote, reveal: the leaderboard shows the competitors with intervals', async () => {
    const { page } = s;
    await page.goto(s.url);
    await page.getByRole('switch', { name: 'Blind mode' }).click();
    await quickAdd(page, 'llama3.2:3b');
    await quickAdd(page, 'phi3:mini');
    await addWithSettings(page, 'llama3.2:3b', { temperature: 0.2 });
    await send(page, 'Write a haiku about rivers.');
    await waitFinished(page, 3);
    await page.getByRole('button', { name: 'Model A is best' }).click();
    await waitVotes(s, 1);

    // A second blind comparison with the same contestants (fresh labels), a tie.
    await page.getByRole('button', { name: 'New comparison' }).click();
    await send(page, 'Explain recursion in one line.');
    await waitFinished(page, 3);
    await page.getByRole('button', { name: 'Tie' }).click();
    await waitVotes(s, 2);

    await page.getByRole('button', { name: 'Reveal models' }).click();
    await page.getByRole('dialog', { name: 'Reveal the models?' }).getByRole('button', { name: 'Reveal models' }).click();
    await page.getByRole('dialog', { name: 'The reveal' }).getByRole('button', { name: 'Done' }).click();
    assert.match(await page.getByTestId('columns').innerText(), /llama3\.2:3b/);

    // The header leads to the leaderboard.
    await page.getByRole('link', { name: 'Leaderboard' }).click();
    const table = page.getByTestId('leaderboard-table');
    await table.waitFor({ timeout: T });
    assert.match(page.url(), /#\/leaderboard$/);
    const rows = page.getByTestId('leaderboard-row');
    assert.equal(await rows.count(), 3);
    const text = await table.innerText();
    assert.match(text, /llama3\.2:3b T=0\.7 P=0\.9 K=40/);
    assert.match(text, /llama3\.2:3b T=0\.2 P=0\.9 K=40/);
    assert.match(text, /phi3:mini T=0\.7/);
    for (let i = 0; i < 3; i++) {
      const cells = (await rows.nth(i).locator('td, th').allInnerTexts()).map((t) => t.trim());
      assert.match(cells[0], /^\d+$/, 'rank');
      const [lo, hi] = cells[3].split('–').map((x) => Number(x.trim()));
      assert.ok(lo <= Number(cells[2]) && Number(cells[2]) <= hi, `rating ${cells[2]} inside its interval ${cells[3]}`);
      // "best" of three: two battles for the winner; the tie: every pair once.
      assert.ok(['3', '4'].includes(cells[4]), `battles ${cells[4]}`);
      assert.match(cells[5], /^\d+%$/);
    }
    // The chart: one dot and one whisker per competitor; the matrix: 3×3.
    assert.equal(await page.getByTestId('rating-chart').locator('circle').count(), 3);
    assert.equal(await page.getByTestId('rating-chart').locator('line.whisker').count(), 3);
    assert.equal(await page.getByTestId('winrate-matrix').locator('tbody td.cell').count(), 9);
    assert.match(await page.getByRole('img', { name: /Rating with 95% interval/ }).innerHTML(), /phi3:mini/);

    // Group by model: two competitors, named by model.
    await page.getByRole('radio', { name: 'Model' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=leaderboard-row]').length === 2, null, { timeout: T });
    const byModel = await page.getByTestId('leaderboard-table').locator('tbody th').allInnerTexts();
    assert.deepEqual(byModel.map((t) => t.trim()).sort(), ['llama3.2:3b', 'phi3:mini']);
    assert.equal(await page.getByRole('radio', { name: 'Model' }).getAttribute('aria-checked'), 'true');

    // Downloads.
    const csv = await downloadOf(page, 'CSV');
    assert.equal(csv.name, 'leaderboard.csv');
    assert.match(csv.text, /^rank,competitor,label,model,rating,ci_lower,ci_upper,/);
    assert.equal(csv.text.trim().split(/\r?\n/).length, 3);
    const battles = await downloadOf(page, 'Battle log');
    const log = JSON.parse(battles.text);
    assert.ok(log.length >= 2);
    assert.ok(log.every((b) => b.anonymous === true && ['model_a', 'model_b', 'tie', 'tie (bothbad)'].includes(b.winner)));

    // Back to the arena, and a direct link to the board works after a reload.
    await page.reload();
    await page.getByTestId('leaderboard-table').waitFor({ timeout: T });
    await page.getByRole('button', { name: 'Arena' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: T });
    assert.deepEqual(s.consoleErrors, []);
  });

  test('the board works from the keyboard and in the dark theme', async () => {
    const { page } = s;
    await page.getByRole('link', { name: 'Leaderboard' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('leaderboard-table').waitFor({ timeout: T });
    await page.getByRole('radio', { name: 'Configuration' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=leaderboard-row]').length === 3, null, { timeout: T });
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
    assert.notEqual(await page.evaluate(() => document.documentElement.dataset.theme), before);
    assert.deepEqual(s.consoleErrors, []);
  });
});
