// Test harness: starts fake-ollama and ollama-arena as real processes on ephemeral ports and
// drives Debian's chromium through playwright-core (never a downloaded browser).
//
// Environment:
//   FAKE_OLLAMA_BIN   fake-ollama binary   (default: <repo>/build/dev/tools/fake_ollama/fake-ollama)
//   OLLAMA_ARENA_BIN  ollama-arena binary  (default: <repo>/build/dev/src/app/ollama-arena)
//   ARENA_WEB_DIR     built UI to serve    (default: <repo>/web/dist), via --web-dir
//   CHROMIUM_BIN      browser              (default: /usr/bin/chromium)
//   E2E_ARTIFACTS     where failure screenshots go (default: <os tmp>/ollama-arena-e2e)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const FAKE_BIN = process.env.FAKE_OLLAMA_BIN || path.join(REPO, 'build/dev/tools/fake_ollama/fake-ollama');
export const ARENA_BIN = process.env.OLLAMA_ARENA_BIN || path.join(REPO, 'build/dev/src/app/ollama-arena');
export const WEB_DIR = process.env.ARENA_WEB_DIR || path.join(REPO, 'web/dist');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(os.tmpdir(), 'ollama-arena-e2e');

// The flags the architecture prescribes. Playwright's launch() gives every browser a fresh
// temporary profile (its own --user-data-dir), removed when the browser closes.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function checkPrereqs() {
  for (const [what, p] of [
    ['fake-ollama (FAKE_OLLAMA_BIN)', FAKE_BIN],
    ['ollama-arena (OLLAMA_ARENA_BIN)', ARENA_BIN],
    ['chromium (CHROMIUM_BIN)', CHROMIUM],
  ]) {
    if (!existsSync(p)) throw new Error(`${what} not found at ${p}`);
  }
  if (!existsSync(path.join(WEB_DIR, 'index.html'))) {
    throw new Error(`built web UI not found at ${WEB_DIR}/index.html (run \`npm run build\` in web/, or set ARENA_WEB_DIR)`);
  }
}

/** Starts a process and resolves once it prints `... listening on http://HOST:PORT`. */
function startServer(name, bin, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not print its listening line within 15 s`)), 15000);
    function fail(e) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n--- ${name} stdout ---\n${out}\n--- ${name} stderr ---\n${err}`));
    }
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/([^\s:]+):(\d+)/.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        const port = Number(m[2]);
        resolve({
          name,
          child,
          port,
          url: `http://127.0.0.1:${port}`,
          logs: () => `--- ${name} stdout ---\n${out}\n--- ${name} stderr ---\n${err}`,
          stop: () => stopChild(child),
        });
      }
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) => fail(e));
    child.on('exit', (code, sig) => {
      // A server that dies in the middle of a spec says so (its log explains the failures).
      if (settled && !child.stopping) console.error(`${name} exited unexpectedly (code ${code}, signal ${sig})\n--- ${name} stderr (end) ---\n${err.slice(-4000)}`);
      fail(new Error(`${name} exited early (code ${code}, signal ${sig})`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.stopping = true;
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A port nothing listens on (bound, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * fake-ollama on an ephemeral port (or `port`). Options: tokensPerSec, ttftMs, pullStepMs,
 * models (array), port.
 */
export function startFake({ tokensPerSec = 80, ttftMs = 100, pullStepMs = 10, models, port = 0 } = {}) {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--tokens-per-sec', String(tokensPerSec), '--ttft-ms', String(ttftMs), '--pull-step-ms', String(pullStepMs)];
  if (models) args.push('--models', models.join(','));
  return startServer('fake-ollama', FAKE_BIN, args, { ...process.env });
}

/** ollama-arena serving web/dist, talking to `ollamaHost`. Options: token, env. */
export function startArena({ ollamaHost, token, env = {} } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arena-e2e-data-'));
  const e = { ...process.env, OLLAMA_HOST: ollamaHost, ARENA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  delete e.WEB_CHAT_TOKEN;
  if (token) e.WEB_CHAT_TOKEN = token;
  return startServer('ollama-arena', ARENA_BIN, ['serve', '--bind', '127.0.0.1', '--port', '0', '--web-dir', WEB_DIR], e).then((srv) => ({
    ...srv,
    stop: async () => {
      await srv.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  }));
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
}

/**
 * The usual set-up of a spec: a fake Ollama, the arena in front of it and a browser page at
 * the arena. Returns helpers and close().
 */
export async function scenario({ fake = {}, arena = {}, viewport = { width: 1400, height: 900 } } = {}) {
  checkPrereqs();
  const started = [];
  let browser;
  try {
    const f = fake === null ? null : await startFake(fake);
    if (f) started.push(f);
    const a = await startArena({ ollamaHost: arena.ollamaHost ?? `127.0.0.1:${f.port}`, ...arena });
    started.push(a);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: a.url });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    return {
      fake: f,
      arena: a,
      browser,
      context,
      page,
      consoleErrors,
      url: a.url,
      async fakeRequests() {
        const res = await fetch(`${f.url}/fake/requests`);
        return res.json();
      },
      async fakeStats() {
        const res = await fetch(`${f.url}/fake/stats`);
        return res.json();
      },
      async fakeReset() {
        await fetch(`${f.url}/fake/reset`, { method: 'POST' });
      },
      async screenshot(name) {
        mkdirSync(ARTIFACTS, { recursive: true });
        const file = path.join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path: file }).catch(() => {});
        return file;
      },
      async close() {
        await browser?.close().catch(() => {});
        for (const s of started.reverse()) await s.stop();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    for (const s of started.reverse()) await s.stop();
    throw e;
  }
}

export function readText(file) {
  return readFileSync(file, 'utf8');
}
