// A new user compares three instances side by side, then continues the conversation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, addWithSettings, assertButtonsLabelled, quickAdd, send, storedConversation, waitFinished, waitStored } from '../lib/flows.mjs';

describe('comparing three instances', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 60, ttftMs: 150 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('sees the installed models with size, family and quantization', async () => {
    const { page } = s;
    await page.goto(s.url);
    await page.getByRole('heading', { name: 'Compare local models, head to head' }).waitFor({ timeout: T });
    const card = page.getByRole('listitem').filter({ hasText: 'llama3.2:3b' });
    await card.waitFor({ timeout: T });
    const text = await card.innerText();
    assert.match(text, /2\.0 GB/);
    assert.match(text, /llama/);
    assert.match(text, /3\.2B/);
    assert.match(text, /Q4_K_M/);
    await page.getByText('Ollama connected · 5 models').waitFor({ timeout: T });
  });

  test('adds three instances (the same model twice with other settings), validated inline', async () => {
    const { page } = s;
    await quickAdd(page, 'llama3.2:3b');
    await quickAdd(page, 'gemma2:2b');

    // Inline validation, then the duplicate guard, in the instance editor.
    await page.getByRole('button', { name: 'Add model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contestant' });
    await dialog.getByRole('radio', { name: /^llama3\.2:3b/ }).check();
    await dialog.getByLabel(/^Temperature/).fill('3');
    await dialog.getByText('Temperature must be between 0.01 and 2.0').waitFor({ timeout: T });
    assert.equal(await dialog.getByLabel(/^Temperature/).getAttribute('aria-invalid'), 'true');
    await dialog.getByLabel(/^Temperature/).fill('0.7');
    await dialog.getByTestId('duplicate-error').waitFor({ timeout: T });
    assert.match(await dialog.getByTestId('duplicate-error').innerText(), /already in the arena/);
    await dialog.getByRole('button', { name: 'Add to arena' }).click();
    assert.ok(await dialog.isVisible(), 'an identical instance is refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await addWithSettings(page, 'llama3.2:3b', { temperature: 1.2, num_predict: 40, seed: 7 });
    const setup = page.getByRole('list', { name: 'Contestants' });
    assert.equal(await setup.getByRole('listitem').count(), 3);
    const chips = await setup.innerText();
    assert.match(chips, /T=0\.7 P=0\.9 K=40/);
    assert.match(chips, /T=1\.2 P=0\.9 K=40 M=40 S=7/);
    assert.equal(await page.getByTestId('column').count(), 3);
  });

  test('sends one message and watches all three stream to completion with metrics', async () => {
    const { page } = s;
    await s.fakeReset();
    await page.getByRole('button', { name: /System prompt/ }).click();
    await page.getByLabel(/^System prompt/).fill('You are terse.');
    await send(page, 'What is a transformer?');

    // Live: while streaming, the columns show status and a running clock.
    await page.waitForSelector('[data-testid=column] article[data-status=streaming], [data-testid=column] article[data-status=waiting]', { timeout: T });
    await waitFinished(page, 3);
    const statuses = await page.$$eval('[data-testid=column] article', (els) => els.map((e) => e.dataset.status));
    assert.deepEqual(statuses, ['done', 'done', 'done']);

    for (let i = 0; i < 3; i++) {
      const col = page.getByTestId('column').nth(i);
      const answer = await col.locator('.md').innerText();
      assert.ok(answer.trim().length > 20, `column ${i} has an answer`);
      for (const stat of ['rate', 'ttft', 'tokens', 'elapsed']) {
        const v = await col.locator(`[data-stat=${stat}]`).innerText();
        assert.notEqual(v.trim(), '—', `column ${i} shows ${stat}`);
      }
      const more = await col.getByTestId('final-metrics').innerText();
      assert.match(more, /prompt \d+ tok/);
      assert.match(more, /load /);
    }
    // The capped instance stopped at its 40 tokens.
    const capped = page.getByTestId('column').filter({ hasText: 'M=40' });
    assert.equal((await capped.locator('[data-stat=tokens]').innerText()).trim(), '40');
    assert.equal(await page.getByText('Fastest', { exact: true }).count(), 1, 'exactly one fastest mark');

    // One stream request per instance; every setting reached Ollama; the system prompt too.
    const reqs = await s.fakeRequests();
    assert.equal(reqs.length, 3);
    const hot = reqs.find((r) => r.options.temperature === 1.2);
    assert.ok(hot, 'the T=1.2 instance reached Ollama');
    assert.equal(hot.options.num_predict, 40);
    assert.equal(hot.options.seed, 7);
    for (const r of reqs) {
      assert.deepEqual(r.messages, [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is a transformer?' },
      ]);
    }
    await assertButtonsLabelled(page);
  });

  test('a second turn: each instance sees only its own history', async () => {
    const { page } = s;
    await waitStored(page, 1);
    const before = await storedConversation(page);
    const firstAnswers = Object.fromEntries(before.instances.map((i) => [i.id, before.turns[0].answers[i.id].text]));
    await s.fakeReset();

    await send(page, 'Explain it to a child.');
    await waitFinished(page, 6);
    const reqs = await s.fakeRequests();
    assert.equal(reqs.length, 3, 'one request per instance');
    const byOptions = (inst) =>
      reqs.find((r) => r.model === inst.model && r.options.temperature === inst.temperature && (r.options.seed ?? 0) === inst.seed);
    for (const inst of before.instances) {
      const r = byOptions(inst);
      assert.ok(r, `request of ${inst.id}`);
      assert.deepEqual(
        r.messages.map((m) => m.role),
        ['system', 'user', 'assistant', 'user'],
      );
      assert.equal(r.messages[2].content, firstAnswers[inst.id], `${inst.id} got its own first answer`);
      for (const other of before.instances) {
        if (other.id !== inst.id) assert.notEqual(r.messages[2].content, firstAnswers[other.id], `${inst.id} never sees ${other.id}`);
      }
      assert.equal(r.messages[3].content, 'Explain it to a child.');
    }
  });

  test('the conversation survives a reload', async () => {
    const { page } = s;
    await waitStored(page, 2);
    const stored = await storedConversation(page);
    await page.reload();
    await page.getByTestId('column').first().waitFor({ timeout: T });
    assert.equal(await page.locator('[data-testid=column] article[data-status=done]').count(), 6);
    const firstText = stored.turns[1].answers[stored.order[0]].text.slice(0, 30);
    assert.ok((await page.getByTestId('column').first().innerText()).includes(firstText.trim().split(' ')[0]));
    await page.getByRole('navigation', { name: 'Saved conversations' }).getByText('What is a transformer?').waitFor({ timeout: T });
    assert.deepEqual(s.consoleErrors, []);
  });
});
