// Model output (and the user's own text) is rendered as Markdown, and any HTML or script in
// it stays inert. The stream is intercepted with page.route so the renderer gets exactly the
// hostile tokens; a payload that ran would set window.__pwned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario } from '../lib/harness.mjs';
import { T, quickAdd, send, waitFinished } from '../lib/flows.mjs';

const HOSTILE = [
  'Here is **bold** and an image: <img src=x onerror="window.__pwned=1"> ',
  'and a script <script>window.__pwned=2</script>\n\n',
  '[click me](javascript:window.__pwned=3) ',
  '<a href="javascript:window.__pwned=4">raw link</a> ',
  '<svg onload="window.__pwned=5"></svg> <iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>\n\n',
  '<div onmouseover="window.__pwned=7" style="position:fixed;inset:0">cover</div>\n\n',
  '```html\n<script>window.__pwned=8</script>\n```\n\n',
  '```python\ndef hello():\n    return "<b>hi</b>"\n```\n',
];

function line(o) {
  return `${JSON.stringify(o)}\n`;
}

describe('rendering model output safely', () => {
  let s;
  before(async () => {
    s = await scenario({ fake: { tokensPerSec: 0, ttftMs: 0 } });
  });
  after(async () => {
    if (s) await s.close();
  });

  test('HTML and script in an answer are shown inert, Markdown still renders', async () => {
    const { page } = s;
    await page.goto(s.url);
    await quickAdd(page, 'llama3.2:3b');
    await page.route('**/api/stream_chat', async (route) => {
      const body = JSON.parse(route.request().postData());
      const inst = body.model_instances[0];
      let out = '';
      for (const token of HOSTILE) out += line({ type: 'token', instance_id: inst.id, model: inst.model, token, done: false });
      out += line({
        type: 'metrics',
        instance_id: inst.id,
        model: inst.model,
        token: '',
        done: true,
        metrics: { tokens: HOSTILE.length, duration_s: 0.1, tokens_per_sec: 80, ttft_s: 0.01, total_s: 0.1, prompt_tokens: 3, load_s: 0, done_reason: 'stop' },
      });
      await route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: out });
    });
    // The user's own message carries HTML too.
    await send(page, 'Show me <img src=y onerror="window.__pwned=9"> please');
    await waitFinished(page, 1);
    const answer = page.locator('[data-testid=column] .md').first();

    // Rendered Markdown: bold, code blocks with highlighting, a link without its javascript: URL.
    assert.equal(await answer.locator('strong').first().innerText(), 'bold');
    assert.equal(await answer.locator('.code-block').count(), 2);
    await answer.locator('pre code .hljs-keyword').first().waitFor({ timeout: T });
    const links = await answer.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of links) assert.ok(!href || !/^\s*javascript:/i.test(href), `no javascript: link (${href})`);

    // No active element made it into the page.
    for (const sel of ['img', 'script', 'svg', 'iframe', '[onerror]', '[onload]', '[onmouseover]', '[style*="fixed"]']) {
      assert.equal(await page.locator(`[data-testid=columns] ${sel}:not(.icon):not(.icon *)`).count(), 0, `no ${sel}`);
    }
    // The HTML is visible as text instead.
    const text = await answer.innerText();
    assert.ok(text.includes('<img src=x onerror="window.__pwned=1">'), 'the img tag shows as text');
    assert.ok(text.includes('<script>window.__pwned=2</script>'), 'the script shows as text');
    assert.ok((await page.getByTestId('columns').innerText()).includes('Show me <img src=y onerror="window.__pwned=9"> please'));

    // Poke at it the way a user would: hover, click the links.
    await answer.hover();
    for (const a of await answer.locator('a').all()) await a.click({ modifiers: [] }).catch(() => {});
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
    assert.deepEqual(s.consoleErrors, []);
  });
});
