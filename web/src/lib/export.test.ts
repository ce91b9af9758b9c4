import { describe, expect, it } from 'vitest';
import { exportFilename, toExportObject, toJson, toMarkdown } from './export';
import { sampleConversation } from './testdata';

const NOW = Date.UTC(2026, 2, 15, 14, 2);

describe('JSON export', () => {
  it('carries every turn, answer, metric and vote with names when not blind', () => {
    const conv = sampleConversation();
    const [a, b, c] = conv.instances;
    const o = toExportObject(conv, NOW);
    expect(o.format).toBe('ollama-arena.conversation');
    expect(o.names_masked).toBe(false);
    expect(o.system).toBe('Be brief.');
    expect(o.instances.map((i) => [i.label, i.model, i.instance_id])).toEqual([
      ['Model A', 'llama3.2:3b', c.id],
      ['Model B', 'llama3.2:3b', a.id],
      ['Model C', 'qwen2.5:7b', b.id],
    ]);
    expect(o.instances[0].settings).toMatchObject({ temperature: 1.2, top_p: 0.9 });
    expect(o.turns).toHaveLength(2);
    expect(o.turns[0].answers.map((x) => x.text)).toEqual(['Blue light scatters more.', 'Rayleigh scattering.', 'Because of **scattering**.']);
    expect(o.turns[0].answers[1]).toMatchObject({ feedback: 'up', metrics: { tokens: 10, tokens_per_sec: 20 } });
    expect(o.turns[0].verdict).toEqual({ kind: 'best', label: 'Model C', model: 'qwen2.5:7b' });
    expect(o.turns[1].answers[2]).toMatchObject({ status: 'error', error: "model 'qwen2.5:7b' not found" });
    expect(o.turns[1].verdict).toEqual({ kind: 'tie' });
    expect(o.mapping?.['Model C']).toEqual({ model: 'qwen2.5:7b', instance_id: b.id, settings: expect.any(Object) });
    expect(o.tallies).toMatchObject({ ties: 1, all_bad: 0, turns_voted: 2 });
    expect(JSON.parse(toJson(conv, NOW))).toEqual(o);
  });

  it('masks names, ids and settings while blind and unrevealed', () => {
    const conv = sampleConversation({ blind: true });
    const text = toJson(conv, NOW);
    expect(text).not.toContain('llama3.2');
    expect(text).not.toContain('qwen2.5');
    expect(text).not.toContain('llama3_2');
    const o = JSON.parse(text);
    expect(o.names_masked).toBe(true);
    expect(o.mapping).toBeUndefined();
    expect(o.instances).toEqual([{ label: 'Model A' }, { label: 'Model B' }, { label: 'Model C' }]);
    expect(o.turns[0].verdict).toEqual({ kind: 'best', label: 'Model C' });
    expect(o.turns[1].answers[2].error).toBe("model '(hidden model)' not found");
  });

  it('includes the mapping after the reveal', () => {
    const conv = sampleConversation({ blind: true });
    conv.revealed = true;
    const o = toExportObject(conv, NOW);
    expect(o.names_masked).toBe(false);
    expect(o.mapping?.['Model A'].model).toBe('llama3.2:3b');
  });
});

describe('Markdown export', () => {
  it('is a readable report with turns, answers, metrics and tallies', () => {
    const md = toMarkdown(sampleConversation(), NOW);
    expect(md).toMatch(/^# Why is the sky blue\?\n/);
    expect(md).toContain('## System prompt\n\n> Be brief.');
    expect(md).toContain('## Turn 1');
    expect(md).toContain('### Model C: qwen2.5:7b');
    expect(md).toContain('Because of **scattering**.');
    expect(md).toContain('10 tokens · 20.0 tok/s · TTFT 0.10 s · 5 prompt tokens · load 0.20 s');
    expect(md).toContain('**Vote:** best: Model C (qwen2.5:7b)');
    expect(md).toContain('| Model A: llama3.2:3b (T=1.2 P=0.9 K=40) | 0 | 0 | 1 |');
    expect(md).toContain("error: model 'qwen2.5:7b' not found");
  });

  it('uses labels only while blind', () => {
    const md = toMarkdown(sampleConversation({ blind: true }), NOW);
    expect(md).toContain('### Model A');
    expect(md).not.toMatch(/llama3\.2:3b/);
    expect(md).toContain('**Vote:** best: Model C\n');
  });
});

describe('exportFilename', () => {
  it('slugs the title, stamps the time and marks masked files _blind', () => {
    const conv = sampleConversation();
    expect(exportFilename(conv, 'json', NOW)).toMatch(/^arena-why-is-the-sky-blue-20260315-\d{4}\.json$/);
    conv.blind = true;
    expect(exportFilename(conv, 'md', NOW)).toMatch(/_blind\.md$/);
    conv.revealed = true;
    expect(exportFilename(conv, 'md', NOW)).not.toMatch(/_blind/);
  });
});
