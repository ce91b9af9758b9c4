// Model manager: list, pull with live progress to 100 %, delete with confirmation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T } from '../lib/flows.mjs';

describe('the model manager', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { pullStepMs: 10 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('lists the installed models', async () => {
    const { page } = s;
    await page.goto(s.url);
    await page.getByRole('button', { name: 'Models', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Models' });
    await dialog.getByTestId('model-row').first().waitFor({ timeout: T });
    assert.equal(await dialog.getByTestId('model-row').count(), 5);
    const row = await dialog.locator('[data-model="qwen2.5:7b"]').innerText();
    assert.match(row, /qwen2/);
    assert.match(row, /7\.6B/);
    assert.match(row, /Q4_K_M/);
    assert.match(row, /4\.7 GB/);
  });

  test('pulls tinyllama:1.1b with a progress bar that reaches 100 %', async () => {
    const { page } = s;
    const dialog = page.getByRole('dialog', { name: 'Models' });
    // Record every progress value the bar shows.
    await page.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => {
        const bar = document.querySelector('[role=progressbar]');
        if (bar) window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    await dialog.getByLabel('Pull a model').fill('tinyllama:1.1b');
    await dialog.getByRole('button', { name: 'Pull' }).click();
    const bar = dialog.getByRole('progressbar', { name: 'Downloading tinyllama:1.1b' });
    await bar.waitFor({ timeout: T });
    await dialog.getByTestId('pull-row').getByText('Installed').waitFor({ timeout: T });
    assert.equal(await bar.getAttribute('aria-valuenow'), '100');
    assert.equal((await dialog.getByTestId('pull-percent').innerText()).trim(), '100%');
    const seen = await page.evaluate(() => window.__progress);
    assert.ok(seen.length >= 2, 'progress was shown along the way');
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], 'progress never goes backwards');
    await dialog.locator('[data-model="tinyllama:1.1b"]').waitFor({ timeout: T });
    const api = await (await fetch(`${s.url}/api/models`)).json();
    assert.ok(api.models.includes('tinyllama:1.1b'));
  });

  test('a failed pull says why', async () => {
    const { page } = s;
    const dialog = page.getByRole('dialog', { name: 'Models' });
    await dialog.getByLabel('Pull a model').fill('no-such-model:9b');
    await dialog.getByRole('button', { name: 'Pull' }).click();
    await dialog.getByTestId('pull-row').filter({ hasText: 'no-such-model:9b' }).getByText('Failed').waitFor({ timeout: T });
    assert.match(await dialog.getByTestId('pull-row').filter({ hasText: 'no-such-model:9b' }).innerText(), /file does not exist/);
  });

  test('deletes a model after confirmation', async () => {
    const { page } = s;
    const dialog = page.getByRole('dialog', { name: 'Models' });
    await dialog.getByRole('button', { name: 'Delete tinyllama:1.1b' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete tinyllama:1.1b?' });
    await confirm.waitFor({ timeout: T });
    // Cancel first: nothing happens.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await dialog.locator('[data-model="tinyllama:1.1b"]').count(), 1);
    await dialog.getByRole('button', { name: 'Delete tinyllama:1.1b' }).click();
    await page.getByRole('alertdialog', { name: 'Delete tinyllama:1.1b?' }).getByRole('button', { name: 'Delete model' }).click();
    await dialog.locator('[data-model="tinyllama:1.1b"]').waitFor({ state: 'detached', timeout: T });
    const api = await (await fetch(`${s.url}/api/models`)).json();
    assert.ok(!api.models.includes('tinyllama:1.1b'));
    assert.equal(await dialog.getByTestId('model-row').count(), 5);
    assert.deepEqual(s.consoleErrors.filter((e) => !/404/.test(e)), []);
  });
});
