// Stop one, stop all, regenerate one, copy, expand, and continue with one instance alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, addWithSettings, quickAdd, send, storedConversation, waitFinished, waitStored } from '../lib/flows.mjs';

async function waitStats(s, pred, what) {
  const deadline = Date.now() + T;
  for (;;) {
    const st = await s.fakeStats();
    if (pred(st)) return st;
    if (Date.now() > deadline) throw new Error(`fake stats never showed ${what}: ${JSON.stringify(st)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('controlling the run', () => {
  let s;
  before(async () => {
    // Slow enough that a long answer is still streaming when the user reaches for Stop.
    s = await scenario({ fake: { tokensPerSec: 40, ttftMs: 50 } });
    const { page } = s;
    await page.goto(s.url);
    await quickAdd(page, 'llama3.2:3b');
    await quickAdd(page, 'qwen2.5:7b');
    await addWithSettings(page, 'mistral:7b', { num_predict: 2000 });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('stopping one instance cancels only its generation upstream', async () => {
    const { page } = s;
    await s.fakeReset();
    await send(page, 'Tell me a long story.');
    const slow = page.getByTestId('column').filter({ hasText: 'mistral:7b' });
    await slow.locator('article[data-status=streaming]').waitFor({ timeout: T });
    await slow.getByRole('button', { name: 'Stop mistral:7b' }).click();
    await slow.locator('article[data-status=stopped]').waitFor({ timeout: T });
    // The other two were not touched and finish normally.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=column] article[data-status=done]').length === 2, null, { timeout: T });
    const st = await waitStats(s, (x) => x.streams_cancelled === 1 && x.active === 0, 'one cancelled stream');
    assert.equal(st.streams_started, 3);
    assert.equal(st.streams_finished, 2);
    assert.ok((await slow.locator('.md').innerText()).length > 0, 'the partial answer stays');
  });

  test('regenerating one answer re-runs only that instance', async () => {
    const { page } = s;
    await s.fakeReset();
    const col = page.getByTestId('column').filter({ hasText: 'qwen2.5:7b' });
    await col.getByRole('button', { name: "Regenerate qwen2.5:7b's answer" }).click();
    await col.locator('article[data-status=done]').waitFor({ timeout: T });
    assert.equal(await col.getByText('#2', { exact: true }).count(), 1, 'marked as second attempt');
    const reqs = await s.fakeRequests();
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].model, 'qwen2.5:7b');
  });

  test('Stop all (Esc) aborts every stream', async () => {
    const { page } = s;
    // Regenerate the long one, then stop everything with the keyboard.
    await s.fakeReset();
    const slow = page.getByTestId('column').filter({ hasText: 'mistral:7b' });
    await slow.getByRole('button', { name: "Regenerate mistral:7b's answer" }).click();
    await slow.locator('article[data-status=streaming]').waitFor({ timeout: T });
    await page.keyboard.press('Escape');
    await slow.locator('article[data-status=stopped]').waitFor({ timeout: T });
    await waitStats(s, (x) => x.streams_cancelled === 1 && x.active === 0, 'the stream cancelled');
    await page.getByRole('button', { name: /^Send/ }).waitFor({ timeout: T });
  });

  test('copies an answer to the clipboard', async () => {
    const { page } = s;
    await waitStored(page, 1);
    const conv = await storedConversation(page);
    const llama = conv.instances.find((i) => i.model === 'llama3.2:3b');
    const col = page.getByTestId('column').filter({ hasText: 'llama3.2:3b' });
    await col.getByRole('button', { name: "Copy llama3.2:3b's answer" }).click();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, conv.turns[0].answers[llama.id].text);
  });

  test('expands a column to focus on it, and back', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Expand qwen2.5:7b' }).click();
    assert.equal(await page.getByTestId('column').count(), 1);
    await page.getByRole('tab', { name: /mistral:7b/ }).click();
    assert.match(await page.getByTestId('column').innerText(), /mistral:7b/);
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('column').count(), 3);
  });

  test('continues with one instance alone, in its own thread', async () => {
    const { page } = s;
    await s.fakeReset();
    await page.getByRole('button', { name: 'Continue with llama3.2:3b' }).click();
    await page.getByText(/Continuing with llama3\.2:3b only/).waitFor({ timeout: T });
    await send(page, 'Go on, just you.');
    await waitFinished(page, 4);
    const reqs = await s.fakeRequests();
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].model, 'llama3.2:3b');
    assert.deepEqual(reqs[0].messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(await page.getByText('Not in turn 2').count(), 2);
    // Everyone back for the next turn.
    await page.getByRole('button', { name: 'Bring all 3 back' }).click();
    assert.match(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder'), /3 models/);
    assert.deepEqual(s.consoleErrors, []);
  });
});
