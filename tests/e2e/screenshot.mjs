// Takes docs/screenshot.png: the main view after three instances have streamed an answer.
// Usage: node screenshot.mjs [out.png] [--dark]   (same environment variables as the tests)
import path from 'node:path';
import { REPO, scenario } from './lib/harness.mjs';
import { addWithSettings, quickAdd, send, waitFinished } from './lib/flows.mjs';

const args = process.argv.slice(2);
const dark = args.includes('--dark');
const out = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(REPO, 'docs/screenshot.png'));

const s = await scenario({ fake: { tokensPerSec: 120, ttftMs: 200 }, viewport: { width: 1400, height: 900 } });
try {
  const { page } = s;
  await page.goto(s.url);
  if (dark) await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await quickAdd(page, 'llama3.2:3b');
  await quickAdd(page, 'qwen2.5:7b');
  await addWithSettings(page, 'llama3.2:3b', { temperature: 1.2, top_k: 60, seed: 42 });
  await page.getByRole('button', { name: /System prompt/ }).click();
  await page.getByLabel(/System prompt/).fill('You are a concise, friendly assistant.');
  await page.getByRole('button', { name: /System prompt/ }).click();
  await send(page, 'Explain in two short paragraphs why local language models are useful for privacy-sensitive work.');
  await waitFinished(page, 3);
  await page.getByRole('button', { name: /is best$/ }).nth(1).click();
  await page.getByRole('button', { name: /^Good answer from/ }).nth(1).click();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await s.close();
}
