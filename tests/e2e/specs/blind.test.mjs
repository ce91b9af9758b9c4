// Blind mode: names hidden as Model A, B, C, votes per turn (stored on the server, per-instance
// turns included) and per answer, reveal, lock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, addWithSettings, quickAdd, send, storedConversation, waitFinished, waitStored } from '../lib/flows.mjs';

describe('a blind comparison', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 200, ttftMs: 50 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('hides the names and shuffles the columns', async () => {
    const { page } = s;
    await page.goto(s.url);
    await page.getByRole('switch', { name: 'Blind mode' }).click();
    assert.equal(await page.getByRole('switch', { name: 'Blind mode' }).getAttribute('aria-checked'), 'true');
    await quickAdd(page, 'llama3.2:3b');
    await quickAdd(page, 'phi3:mini');
    await addWithSettings(page, 'llama3.2:3b', { temperature: 0.2 });
    await send(page, 'Which is heavier, a kilo of feathers or a kilo of steel?');
    await waitFinished(page, 3);

    const columns = page.getByTestId('columns');
    const text = await columns.innerText();
    for (const label of ['Model A', 'Model B', 'Model C']) assert.ok(text.includes(label), `${label} shown`);
    assert.ok(!/llama3\.2|phi3/.test(text), 'no model name in the columns');
    assert.ok(!/T=0\.2/.test(text), 'no settings in the columns');
    const verdict = await page.getByTestId('verdict-bar').innerText();
    assert.ok(!/llama3\.2|phi3/.test(verdict), 'no model name in the vote bar');
    // The mode is fixed once answers exist.
    assert.ok(await page.getByRole('switch', { name: 'Blind mode' }).isDisabled());

    // The order is a shuffle of the instances (stored per conversation).
    const conv = await storedConversation(page);
    assert.deepEqual([...conv.order].sort(), conv.instances.map((i) => i.id).sort());
  });

  test('votes per turn and per answer, then reveals mapping, settings and tallies', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Model B is best' }).click();
    assert.equal(await page.getByRole('button', { name: 'Model B is best' }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: 'Good answer from Model A' }).click();
    await page.getByRole('button', { name: 'Bad answer from Model C' }).click();

    // A second turn, voted a tie.
    await send(page, 'Are you sure?');
    await waitFinished(page, 6);
    await page.getByRole('button', { name: 'Tie' }).click();
    assert.equal(await page.getByRole('button', { name: 'Tie' }).getAttribute('aria-pressed'), 'true');
    await waitStored(page, 2);
    const conv = await storedConversation(page);
    // The server recorded each turn once (turn 2 went as one request per instance, with one
    // turn_key) and stored both votes, the second-turn tie included.
    await page.waitForFunction(
      async (sid) => {
        const view = await (await fetch(`/api/sessions/${sid}`)).json();
        return view.turns.length === 2 && view.turns[1].answers.length === 3 && view.turns[1].vote?.kind === 'tie';
      },
      conv.id,
      { timeout: T },
    );
    const view = await (await fetch(`${s.url}/api/sessions/${conv.id}`)).json();
    assert.equal(view.vote_count, 2);
    assert.equal(view.turns[0].vote.kind, 'best');
    const modelOf = (letter) => conv.instances.find((i) => i.id === conv.order[letter.charCodeAt(0) - 65]);

    await page.getByRole('button', { name: 'Reveal models' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reveal the models?' });
    await dialog.getByRole('button', { name: 'Reveal models' }).click();
    const results = page.getByRole('dialog', { name: 'The reveal' });
    await results.waitFor({ timeout: T });
    const rows = results.getByTestId('reveal-row');
    assert.equal(await rows.count(), 3);
    const cells = async (i) => (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
    const [a, b, c] = [await cells(0), await cells(1), await cells(2)];
    assert.match(a[0], /Model A$/);
    assert.ok(a[1].startsWith(modelOf('A').model));
    assert.ok(b[1].startsWith(modelOf('B').model));
    assert.match(c[2], /^T=[\d.]+ P=0\.9 K=40/);
    assert.deepEqual(a.slice(3), ['0', '1', '0']); // best, up, down
    assert.deepEqual(b.slice(3), ['1', '0', '0']);
    assert.deepEqual(c.slice(3), ['0', '0', '1']);
    assert.match(await results.innerText(), /2 of 2 turns voted · ties 1 · all bad 0/);
    await results.getByRole('button', { name: 'Done' }).click();

    // Names now show; voting is locked.
    assert.match(await page.getByTestId('columns').innerText(), /llama3\.2:3b/);
    assert.ok(await page.getByRole('button', { name: `${modelOf('A').model} is best` }).first().isDisabled());
    assert.ok(await page.getByRole('button', { name: `Good answer from ${modelOf('A').model}` }).first().isDisabled());
    assert.ok(await page.getByRole('button', { name: 'Tie' }).isDisabled());
    assert.deepEqual(s.consoleErrors, []);
  });
});
