import { describe, expect, it } from 'vitest';
import { LineSplitter, parseStreamLine, readStream, type StreamEvent } from './stream';

describe('LineSplitter', () => {
  it('keeps an unfinished line until its newline arrives', () => {
    const s = new LineSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.push(':2}\n')).toEqual(['{"b":2}']);
    expect(s.flush()).toEqual([]);
  });

  it('drops blank lines, strips CR and flushes a last line without newline', () => {
    const s = new LineSplitter();
    expect(s.push('x\r\n\n  \ny')).toEqual(['x']);
    expect(s.flush()).toEqual(['y']);
  });
});

describe('parseStreamLine', () => {
  it('reads token lines', () => {
    expect(parseStreamLine('{"type":"token","instance_id":"i1","model":"m","token":" hi","done":false}')).toEqual({
      kind: 'token',
      instanceId: 'i1',
      model: 'm',
      token: ' hi',
    });
  });

  it('reads the final metrics line with every field', () => {
    const ev = parseStreamLine(
      '{"type":"metrics","instance_id":"i1","model":"m","token":"","done":true,"metrics":{"tokens":33,"duration_s":0.16,"tokens_per_sec":206.05,"ttft_s":0.0009,"first_token_time":0.0009,"total_s":0.1612,"prompt_tokens":7,"prompt_tokens_per_sec":1761.2,"load_s":0.01,"done_reason":"stop"}}',
    );
    expect(ev).toEqual({
      kind: 'metrics',
      instanceId: 'i1',
      model: 'm',
      metrics: {
        tokens: 33,
        duration_s: 0.16,
        tokens_per_sec: 206.05,
        ttft_s: 0.0009,
        total_s: 0.1612,
        prompt_tokens: 7,
        prompt_tokens_per_sec: 1761.2,
        load_s: 0.01,
        done_reason: 'stop',
      },
    });
  });

  it('reads error lines', () => {
    expect(parseStreamLine('{"type":"error","instance_id":"i1","model":"m","token":"","done":true,"error":"model \'m\' not found"}')).toEqual({
      kind: 'error',
      instanceId: 'i1',
      model: 'm',
      error: "model 'm' not found",
    });
  });

  it('understands the contract document shape without "type"', () => {
    expect(parseStreamLine('{"instance_id":"a","token":"Once","done":false}')).toMatchObject({ kind: 'token', token: 'Once' });
    const done = parseStreamLine('{"instance_id":"a","token":"","done":true,"metrics":{"tokens":150,"duration_s":3}}');
    expect(done).toMatchObject({ kind: 'metrics', metrics: { tokens: 150, duration_s: 3, tokens_per_sec: 50 } });
    expect(parseStreamLine('{"instance_id":"a","done":true,"error":"boom"}')).toMatchObject({ kind: 'error', error: 'boom' });
  });

  it('accepts first_token_time for ttft and falls back to the request instance', () => {
    expect(parseStreamLine('{"type":"metrics","done":true,"metrics":{"tokens":1,"duration_s":1,"first_token_time":0.5}}', 'only')).toMatchObject({
      instanceId: 'only',
      metrics: { ttft_s: 0.5 },
    });
  });

  it('ignores garbage, non-objects, unknown types and lines without an instance', () => {
    expect(parseStreamLine('not json')).toBeNull();
    expect(parseStreamLine('[1,2]')).toBeNull();
    expect(parseStreamLine('{"token":"x"}')).toBeNull();
    expect(parseStreamLine('{"type":"ping","instance_id":"a"}')).toBeNull();
  });
});

describe('readStream', () => {
  it('decodes UTF-8 split across chunks and lines split across reads', async () => {
    const enc = new TextEncoder();
    const bytes = enc.encode(
      '{"type":"token","instance_id":"a","model":"m","token":"caf\u00e9","done":false}\n' +
        '{"type":"metrics","instance_id":"a","model":"m","token":"","done":true,"metrics":{"tokens":1,"duration_s":1}}',
    );
    // Split inside the two-byte "é" and inside the second line.
    const cut1 = bytes.indexOf(0xc3) + 1;
    const parts = [bytes.slice(0, cut1), bytes.slice(cut1, cut1 + 40), bytes.slice(cut1 + 40)];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(p);
        c.close();
      },
    });
    const events: StreamEvent[] = [];
    await readStream(body, (e) => events.push(e));
    expect(events.map((e) => e.kind)).toEqual(['token', 'metrics']);
    expect(events[0]).toMatchObject({ token: 'café' });
  });
});
