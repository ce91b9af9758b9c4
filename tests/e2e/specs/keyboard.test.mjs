// Every control is reachable by keyboard and labelled for screen readers: a whole comparison
// done without the mouse.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, waitFinished } from '../lib/flows.mjs';

/** Presses Tab until the focused element's accessible name matches; fails after `max`. */
async function tabTo(page, name, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const got = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return '';
      const labelled = el.getAttribute('aria-labelledby');
      const byId = labelled ? document.getElementById(labelled)?.textContent : '';
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
      return (el.getAttribute('aria-label') || byId || label || el.textContent || '').replace(/\s+/g, ' ').trim();
    });
    if (typeof name === 'string' ? got === name : name.test(got)) return;
  }
  throw new Error(`could not reach "${name}" with the Tab key`);
}

describe('keyboard only', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 200 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('adds models, sends, votes and opens dialogs without a mouse', async () => {
    const { page } = s;
    await page.goto(s.url);
    await page.getByRole('button', { name: 'Add gemma2:2b with default settings' }).waitFor({ timeout: T });
    await tabTo(page, 'Add gemma2:2b with default settings');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Add phi3:mini with default settings');
    await page.keyboard.press('Enter');

    // The instance editor: open it, fill a setting, add, all by keyboard.
    await tabTo(page, 'Add model');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add a contestant' });
    await dialog.waitFor({ timeout: T });
    await tabTo(page, /^Temperature/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0.3');
    await tabTo(page, 'Add to arena');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden', timeout: T });
    assert.equal(await page.getByTestId('column').count(), 3);

    // "/" jumps to the message box; Enter sends.
    await page.keyboard.press('/');
    await page.keyboard.type('Hello from the keyboard');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), 'Hello from the keyboard\nsecond line');
    await page.keyboard.press('Enter');
    await waitFinished(page, 3);

    await tabTo(page, 'phi3:mini is best');
    await page.keyboard.press('Space');
    assert.equal(await page.getByRole('button', { name: 'phi3:mini is best' }).getAttribute('aria-pressed'), 'true');

    await tabTo(page, 'Models');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Models' }).waitFor({ timeout: T });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Models' }).waitFor({ state: 'hidden', timeout: T });

    await tabTo(page, /Switch to dark theme/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  });
});
