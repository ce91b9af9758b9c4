// Export a conversation as JSON and Markdown (the server's export); names are masked while blind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { scenario } from '../lib/harness.mjs';
import { T, quickAdd, send, storedConversation, waitFinished, waitStored } from '../lib/flows.mjs';

async function exportAs(page, kind) {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.getByRole('button', { name: new RegExp(`^${kind}`) }).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

/** Waits until the server has the 👍 (the UI sends it in the background). */
async function waitRated(s, id) {
  for (let i = 0; i < 100; i++) {
    const view = await (await fetch(`${s.url}/api/sessions/${id}`)).json();
    if (view.turns?.some((t) => t.answers.some((a) => a.rating === 1))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the rating never reached the server');
}

describe('exporting a conversation', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 200, ttftMs: 20 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('JSON and Markdown come from the server: turns, exact messages, options, answers, metrics, ratings', async () => {
    const { page } = s;
    await page.goto(s.url);
    await quickAdd(page, 'gemma2:2b');
    await quickAdd(page, 'mistral:7b');
    await send(page, 'Name three rivers.');
    await waitFinished(page, 2);
    await page.getByRole('button', { name: 'Good answer from gemma2:2b' }).click();
    await waitStored(page, 1);
    const conv = await storedConversation(page);
    await waitRated(s, conv.id);

    const json = await exportAs(page, 'JSON');
    assert.equal(json.name, `arena-session-${conv.id}.json`);
    const o = JSON.parse(json.text);
    assert.equal(o.format, 'ollama-arena.session');
    const sess = o.session;
    assert.equal(sess.title, 'Name three rivers.');
    assert.equal(sess.masked, false);
    assert.deepEqual(sess.instances.map((i) => i.model), ['gemma2:2b', 'mistral:7b']);
    for (const i of sess.instances) assert.equal(typeof i.options.temperature, 'number');
    // Outside blind mode every instance streams in its own request (its own stop, its own
    // thread), and the server records each request as a turn.
    const answers = sess.turns.flatMap((t) => t.answers);
    assert.equal(answers.length, 2);
    for (const t of sess.turns) {
      assert.equal(t.user_message, 'Name three rivers.');
      assert.deepEqual(t.messages, [{ role: 'user', content: 'Name three rivers.' }]);
    }
    for (const inst of conv.instances) {
      const a = answers.find((x) => x.model === inst.model);
      assert.equal(a.text, conv.turns[0].answers[inst.id].text);
      assert.equal(a.status, 'complete');
      assert.ok(a.metrics.tokens > 0 && a.metrics.tokens_per_sec > 0);
    }
    assert.equal(answers.find((x) => x.model === 'gemma2:2b').rating, 1);

    const md = await exportAs(page, 'Markdown');
    assert.match(md.name, /\.md$/);
    assert.match(md.text, /^# Name three rivers\.\n/);
    assert.ok(md.text.includes('## Turn 1'));
    assert.ok(md.text.includes('gemma2:2b'));
    assert.ok(md.text.includes(conv.turns[0].answers[conv.instances[1].id].text.slice(0, 40)));
  });

  test('a blind export masks the names until the reveal, then includes the mapping', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'New comparison' }).click();
    await page.getByRole('switch', { name: 'Blind mode' }).click();
    await send(page, 'Say hi.');
    await waitFinished(page, 2);
    await page.getByRole('button', { name: 'Model B is best' }).click();
    const masked = await exportAs(page, 'JSON');
    assert.match(masked.name, /-blind\.json$/);
    assert.ok(!/gemma2|mistral/.test(masked.text), 'no model names while blind');
    const o = JSON.parse(masked.text);
    assert.equal(o.session.masked, true);
    assert.deepEqual(o.session.instances.map((i) => i.label), ['Model A', 'Model B']);
    const mdMasked = await exportAs(page, 'Markdown');
    assert.ok(!/gemma2|mistral/.test(mdMasked.text));

    await page.getByRole('button', { name: 'Reveal models' }).click();
    await page.getByRole('dialog', { name: 'Reveal the models?' }).getByRole('button', { name: 'Reveal models' }).click();
    await page.getByRole('dialog', { name: 'The reveal' }).getByRole('button', { name: 'Done' }).click();
    await page.waitForFunction(async () => {
      const id = JSON.parse(localStorage.getItem('ollama-arena.pref.current') || 'null');
      const r = await fetch(`/api/sessions/${id}`);
      return (await r.json()).revealed === true;
    }, null, { timeout: T });
    const revealed = await exportAs(page, 'JSON');
    assert.doesNotMatch(revealed.name, /-blind/);
    const r = JSON.parse(revealed.text);
    assert.equal(r.session.masked, false);
    assert.deepEqual(r.session.instances.map((m) => m.model).sort(), ['gemma2:2b', 'mistral:7b']);
    assert.equal(r.session.turns[0].vote.kind, 'best');
    assert.equal(r.session.turns[0].vote.winner_label, 'Model B');
    assert.deepEqual(s.consoleErrors, []);
  });
});
