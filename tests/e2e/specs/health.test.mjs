// Ollama unreachable: a banner says where the arena looked and how to fix it, and goes away
// once Ollama answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, scenario, startFake } from '../lib/harness.mjs';
import { T } from '../lib/flows.mjs';

describe('when Ollama is not running', () => {
  let s;
  let port;
  let fake;
  before(async () => {
    port = await freePort();
    s = await scenario({ fake: null, arena: { ollamaHost: `127.0.0.1:${port}` } });
  });
  after(async () => {
    if (s) await s.close();
    if (fake) await fake.stop();
  });

  test('a banner names the URL and the fix', async () => {
    const { page } = s;
    await page.goto(s.url);
    const banner = page.getByTestId('health-banner');
    await banner.waitFor({ timeout: T });
    const text = await banner.innerText();
    assert.ok(text.includes(`http://127.0.0.1:${port}`), `banner names the URL: ${text}`);
    assert.match(text, /ollama serve/);
    assert.match(text, /OLLAMA_HOST/);
    await page.getByText('Ollama unreachable').waitFor({ timeout: T });
  });

  test('the banner goes away once Ollama answers', async () => {
    const { page } = s;
    fake = await startFake({ port });
    await page.getByRole('button', { name: 'Retry now' }).click();
    await page.getByTestId('health-banner').waitFor({ state: 'detached', timeout: T });
    await page.getByRole('button', { name: 'Add llama3.2:3b with default settings' }).waitFor({ timeout: T });
    await page.getByText('Ollama connected · 5 models').waitFor({ timeout: T });
    assert.ok(true);
  });
});
