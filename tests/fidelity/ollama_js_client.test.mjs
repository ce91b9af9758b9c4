// Fidelity test: the official `ollama` npm client (written by Ollama, not by us) must accept
// fake-ollama as if it were a real Ollama server. Starts the fake itself on an ephemeral
// port; the binary comes from FAKE_OLLAMA_BIN. Run: node --test ollama_js_client.test.mjs
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { Ollama } from 'ollama';

const BIN = process.env.FAKE_OLLAMA_BIN;
const MODEL = 'llama3.2:3b';
const PULLED = 'tinyllama:1.1b';
const USER = [{ role: 'user', content: 'Why is the sky blue? <answer briefly> & "quote" it' }];

let fake; // the child process
let base; // http://127.0.0.1:PORT
let ollama;
let output = ''; // everything the fake printed, for failure messages

// Spawns the fake and resolves with its base URL once it prints its listening line.
function startFake() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--port', '0', '--pull-step-ms', '2', '--slow-ms', '200'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => reject(new Error(`fake-ollama did not start:\n${output}`)), 20000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`fake-ollama exited (${code}):\n${output}`)); });
    child.stderr.on('data', (d) => { output += d; });
    child.stdout.on('data', (d) => {
      output += d;
      const m = /fake-ollama listening on (http:\/\/[^\s]+:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        fake = child;
        resolve(m[1]);
      }
    });
  });
}

async function fakeStats() {
  const res = await fetch(`${base}/fake/stats`);
  assert.equal(res.status, 200);
  return res.json();
}

async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

before(async () => {
  assert.ok(BIN, 'set FAKE_OLLAMA_BIN to the fake-ollama executable');
  base = await startFake();
  ollama = new Ollama({ host: base });
});

after(async () => {
  if (!fake || fake.exitCode !== null) return;
  const exited = once(fake, 'exit');
  fake.kill('SIGTERM');
  const [code] = await exited;
  assert.equal(code, 0, `fake-ollama should exit 0 on SIGTERM:\n${output}`);
});

test('list() returns the installed models with Ollama details', async () => {
  const { models } = await ollama.list();
  const names = models.map((m) => m.name);
  assert.ok(names.includes(MODEL), `installed: ${names}`);
  for (const m of models) {
    assert.equal(m.model, m.name);
    assert.match(m.digest, /^[0-9a-f]{64}$/);
    assert.ok(m.size > 0);
    assert.ok(!Number.isNaN(Date.parse(m.modified_at)));
    assert.equal(m.details.format, 'gguf');
    assert.ok(m.details.family && m.details.parameter_size && m.details.quantization_level);
  }
  const times = models.map((m) => Date.parse(m.modified_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'most recently modified first');
});

test('chat stream:true accumulates content and ends with done metrics', async () => {
  const stream = await ollama.chat({ model: MODEL, messages: USER, stream: true });
  const parts = await collect(stream);
  assert.ok(parts.length > 2, `got ${parts.length} parts`);
  let content = '';
  for (const p of parts) {
    assert.equal(p.model, MODEL);
    assert.equal(p.message.role, 'assistant');
    assert.ok(!Number.isNaN(Date.parse(p.created_at)));
    content += p.message.content;
  }
  const last = parts.at(-1);
  const middle = parts.slice(0, -1);
  assert.ok(middle.every((p) => p.done === false && p.done_reason === undefined));
  assert.equal(last.done, true);
  assert.equal(last.done_reason, 'stop');
  assert.equal(last.eval_count, middle.length);
  assert.ok(last.eval_duration > 0);
  assert.ok(last.total_duration >= last.eval_duration);
  assert.ok(last.prompt_eval_count > 0);
  assert.ok(content.length > 20, content);

  // Deterministic: the same request without streaming gives the same text.
  const single = await ollama.chat({ model: MODEL, messages: USER, stream: false });
  assert.equal(single.message.content, content);
});

test('chat stream:false returns one complete object', async () => {
  const res = await ollama.chat({
    model: MODEL, messages: USER, stream: false, options: { num_predict: 7, seed: 42 },
  });
  assert.equal(res.model, MODEL);
  assert.equal(res.done, true);
  assert.equal(res.done_reason, 'length');
  assert.equal(res.eval_count, 7);
  assert.ok(res.eval_duration > 0);
  assert.ok(res.message.content.length > 0);

  const other = await ollama.chat({
    model: MODEL, messages: USER, stream: false, options: { num_predict: 7, seed: 43 },
  });
  assert.notEqual(other.message.content, res.message.content, 'different seeds, different text');

  const logged = await (await fetch(`${base}/fake/requests`)).json();
  assert.deepEqual(logged.at(-1).options, { num_predict: 7, seed: 43 });
  assert.deepEqual(logged.at(-1).messages, USER);
});

test('generate streams response chunks and a final context', async () => {
  const parts = await collect(await ollama.generate({ model: MODEL, prompt: 'Hello', stream: true }));
  const last = parts.at(-1);
  assert.equal(last.done, true);
  assert.ok(Array.isArray(last.context) && last.context.length > 0);
  assert.ok(parts.slice(0, -1).map((p) => p.response).join('').length > 0);
});

test('show(), ps() and version()', async () => {
  const show = await ollama.show({ model: MODEL });
  assert.equal(show.details.family, 'llama');
  assert.ok(show.modelfile.includes('FROM'));
  assert.ok(show.capabilities.includes('completion'));
  assert.ok(Object.keys(show.model_info).length > 0);

  const { models } = await ollama.ps();
  const loaded = models.find((m) => m.name === MODEL);
  assert.ok(loaded, `ps: ${JSON.stringify(models)}`);
  assert.ok(Date.parse(loaded.expires_at) > Date.now());
  assert.ok(loaded.size_vram > 0 && loaded.context_length > 0);

  const { version } = await ollama.version();
  assert.match(version, /^\d+\.\d+\.\d+$/);
});

test('pull() streams progress to success and installs the model', async () => {
  const before = await ollama.list();
  assert.ok(!before.models.some((m) => m.name === PULLED));
  const parts = await collect(await ollama.pull({ model: PULLED, stream: true }));
  assert.equal(parts[0].status, 'pulling manifest');
  assert.equal(parts.at(-1).status, 'success');
  const layers = new Map();
  for (const p of parts.filter((x) => x.digest)) {
    assert.match(p.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(p.status, `pulling ${p.digest.slice(7, 19)}`);
    const seen = layers.get(p.digest) ?? 0;
    assert.ok((p.completed ?? 0) >= seen, 'completed never goes back');
    layers.set(p.digest, p.completed ?? 0);
    assert.ok(p.total > 0);
  }
  assert.ok(layers.size > 0);
  for (const p of parts.filter((x) => x.digest)) assert.equal(layers.get(p.digest), p.total);
  const after = await ollama.list();
  assert.ok(after.models.some((m) => m.name === PULLED));
});

test('pull() of a model missing from the registry fails like Ollama', async () => {
  await assert.rejects(
    async () => collect(await ollama.pull({ model: 'no-such-model:1b', stream: true })),
    /file does not exist/,
  );
  await assert.rejects(ollama.pull({ model: 'no-such-model:1b', stream: false }), /file does not exist/);
});

test('delete() removes the model from list()', async () => {
  await ollama.delete({ model: PULLED });
  const { models } = await ollama.list();
  assert.ok(!models.some((m) => m.name === PULLED));
  await assert.rejects(ollama.delete({ model: PULLED }), (err) => err.status_code === 404);
});

test('chat with an unknown model throws the 404 message', async () => {
  await assert.rejects(
    ollama.chat({ model: 'nosuch:7b', messages: USER, stream: true }),
    (err) => err.status_code === 404 && err.message === "model 'nosuch:7b' not found",
  );
  await assert.rejects(
    ollama.chat({ model: MODEL, messages: USER, options: { temperature: 'hot' } }),
    (err) => err.status_code === 500 && /must be of type float32/.test(err.message),
  );
});

test('mid-stream errors and truncated streams are reported by the client', async () => {
  await assert.rejects(
    async () => collect(await ollama.chat({ model: 'fault-midstream', messages: USER, stream: true })),
    /unexpected EOF/,
  );
  await assert.rejects(
    async () => collect(await ollama.chat({ model: 'fault-truncate', messages: USER, stream: true })),
    /Did not receive done/,
  );
});

test('abort() of a streaming chat is seen as a cancelled stream', async () => {
  const start = await fakeStats();
  const stream = await ollama.chat({ model: 'fault-slow', messages: USER, stream: true });
  let received = 0;
  await assert.rejects(async () => {
    for await (const part of stream) {
      received += 1;
      assert.equal(part.done, false);
      stream.abort();
    }
  }, (err) => err.name === 'AbortError');
  assert.equal(received, 1);
  const deadline = Date.now() + 2000;
  let stats = await fakeStats();
  while (stats.streams_cancelled <= start.streams_cancelled && Date.now() < deadline) {
    await sleep(20);
    stats = await fakeStats();
  }
  assert.equal(stats.streams_cancelled, start.streams_cancelled + 1, JSON.stringify(stats));
  assert.equal(stats.active, 0);
});
