// WEB_CHAT_TOKEN: the UI asks for the token once and keeps it for the browser session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, quickAdd, send, waitFinished } from '../lib/flows.mjs';

describe('a token-protected arena', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 200 }, arena: { token: 'secret' } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('asks for the token, refuses a wrong one, then works', async () => {
    const { page } = s;
    await page.goto(s.url);
    const dialog = page.getByRole('dialog', { name: 'Access token needed' });
    await dialog.waitFor({ timeout: T });
    await dialog.getByLabel('Access token').fill('wrong');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText(/not accepted \(Invalid authorization token\)/).waitFor({ timeout: T });
    await dialog.getByLabel('Access token').fill('secret');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: T });
    await quickAdd(page, 'llama3.2:3b');
    await quickAdd(page, 'qwen2.5:7b');
    await send(page, 'Hello behind a token');
    await waitFinished(page, 2);
    assert.deepEqual(await page.$$eval('[data-testid=column] article', (e) => e.map((x) => x.dataset.status)), ['done', 'done']);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('ollama-arena.token')), 'secret');
    assert.equal(await page.evaluate(() => localStorage.getItem('ollama-arena.token')), null, 'never in localStorage');
  });

  test('does not ask again in the same browser session', async () => {
    const { page } = s;
    await page.reload();
    await page.getByTestId('column').first().waitFor({ timeout: T });
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    await page.getByRole('dialog', { name: 'Models' }).getByTestId('model-row').first().waitFor({ timeout: T });
    assert.equal(await page.getByRole('dialog', { name: 'Access token needed' }).count(), 0);
  });

  test('a new browser session asks again', async () => {
    const context = await s.browser.newContext();
    const page = await context.newPage();
    await page.goto(s.url);
    await page.getByRole('dialog', { name: 'Access token needed' }).waitFor({ timeout: T });
    await context.close();
  });
});
