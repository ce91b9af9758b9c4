// What a user does, as reusable steps (roles and labels, the way a person finds things).
import assert from 'node:assert/strict';

export const T = 20000; // generous per-step timeout: 2 shared cores also run both servers

/** Adds a model with default settings from the first-run model cards. */
export async function quickAdd(page, model) {
  await page.getByRole('button', { name: `Add ${model} with default settings` }).click();
}

/** Opens the instance editor (from the set-up bar or the empty state) and adds a contestant. */
export async function addWithSettings(page, model, settings = {}) {
  const addButton = page.getByRole('button', { name: 'Add model' });
  if (await addButton.isVisible().catch(() => false)) await addButton.click();
  else await page.getByRole('button', { name: 'Add with settings…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a contestant' });
  await dialog.waitFor({ timeout: T });
  await dialog.getByRole('radio', { name: new RegExp(`^${escapeRe(model)}\\b`) }).check();
  const labels = {
    temperature: 'Temperature',
    top_p: 'Top P',
    top_k: 'Top K',
    repeat_penalty: 'Repeat penalty',
    num_predict: 'Max tokens',
    seed: 'Seed',
  };
  for (const [k, v] of Object.entries(settings)) {
    await dialog.getByLabel(labels[k], { exact: false }).first().fill(String(v));
  }
  await dialog.getByRole('button', { name: 'Add to arena' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: T });
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function send(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Waits until `count` answers are finished (done, stopped or error) in the columns. */
export async function waitFinished(page, count, timeout = 30000) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=column] article[data-status=done], [data-testid=column] article[data-status=stopped], [data-testid=column] article[data-status=error]').length >= n,
    count,
    { timeout },
  );
}

export async function answerStatuses(page) {
  return page.$$eval('[data-testid=column] article', (els) => els.map((e) => e.getAttribute('data-status')));
}

/** The conversation as this browser cached it (the server holds the session; see persistence.test). */
export async function storedConversation(page) {
  return page.evaluate(() => {
    const id = JSON.parse(localStorage.getItem('ollama-arena.pref.current') || 'null');
    const raw = id && localStorage.getItem(`ollama-arena.conversation.v1.${id}`);
    return raw ? JSON.parse(raw) : null;
  });
}

/** Waits until the stored copy has caught up with `turns` finished turns. */
export async function waitStored(page, turns) {
  await page.waitForFunction(
    (n) => {
      const id = JSON.parse(localStorage.getItem('ollama-arena.pref.current') || 'null');
      const raw = id && localStorage.getItem(`ollama-arena.conversation.v1.${id}`);
      if (!raw) return false;
      const c = JSON.parse(raw);
      return c.turns.length >= n && c.turns.every((t) => Object.values(t.answers).every((a) => ['done', 'stopped', 'error'].includes(a.status)));
    },
    turns,
    { timeout: T },
  );
}

/** Every visible button has a name a screen reader can announce. */
export async function assertButtonsLabelled(page) {
  const unnamed = await page.$$eval('button', (els) =>
    els
      .filter((b) => b.offsetParent !== null)
      .filter((b) => !(b.getAttribute('aria-label') || b.textContent || '').trim())
      .map((b) => b.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unnamed, [], 'buttons without an accessible name');
}
