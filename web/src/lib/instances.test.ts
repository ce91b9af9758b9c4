import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  chipLabel,
  duplicateError,
  instanceId,
  makeInstance,
  parseParams,
  rawFromParams,
  toRequestInstance,
  validateParam,
} from './instances';

describe('instanceId', () => {
  it('derives the id exactly as the server does', () => {
    expect(instanceId('llama3.2:3b', DEFAULT_PARAMS)).toBe('llama3_2_3b__0.7_0.9_40_1.1_-1_0');
    expect(
      instanceId('qwen2.5:3b', { temperature: 0.5, top_p: 0.8, top_k: 30, repeat_penalty: 1.2, num_predict: 500, seed: 42 }),
    ).toBe('qwen2_5_3b__0.5_0.8_30_1.2_500_42');
  });

  it('turns : . / - into underscores and prints numbers shortest round-trip', () => {
    expect(instanceId('hf.co/org/my-model:Q4', { ...DEFAULT_PARAMS, temperature: 2, repeat_penalty: 1 })).toBe(
      'hf_co_org_my_model_Q4__2_0.9_40_1_-1_0',
    );
  });
});

describe('validateParam', () => {
  it('accepts the inclusive range ends', () => {
    for (const [name, v] of [
      ['temperature', '0.01'],
      ['temperature', '2.0'],
      ['top_p', '0'],
      ['top_p', '1'],
      ['top_k', '0'],
      ['top_k', '100'],
      ['repeat_penalty', '1.0'],
      ['repeat_penalty', '2'],
      ['num_predict', '-1'],
      ['num_predict', '4096'],
      ['seed', '0'],
      ['seed', '123456789'],
    ] as const) {
      expect(validateParam(name, v), `${name}=${v}`).toBeNull();
    }
  });

  it('names the field and the range when out of range', () => {
    expect(validateParam('temperature', '0')).toBe('Temperature must be between 0.01 and 2.0');
    expect(validateParam('temperature', '2.01')).toBe('Temperature must be between 0.01 and 2.0');
    expect(validateParam('top_p', '1.5')).toBe('Top P must be between 0 and 1');
    expect(validateParam('top_k', '101')).toBe('Top K must be between 0 and 100');
    expect(validateParam('repeat_penalty', '0.9')).toBe('Repeat penalty must be between 1.0 and 2.0');
    expect(validateParam('num_predict', '-2')).toBe('Max tokens must be between -1 and 4096');
    expect(validateParam('seed', '-1')).toBe('Seed must be a whole number of 0 or more');
  });

  it('refuses fractions for integer settings, text and empty input', () => {
    expect(validateParam('top_k', '4.5')).toBe('Top K must be a whole number between 0 and 100');
    expect(validateParam('seed', '1.5')).toBe('Seed must be a whole number of 0 or more');
    expect(validateParam('temperature', 'abc')).toBe('Temperature must be a number');
    expect(validateParam('temperature', '0x1')).toBe('Temperature must be a number');
    expect(validateParam('temperature', '  ')).toBe('Temperature is required');
  });
});

describe('parseParams', () => {
  it('returns numbers when every field is valid', () => {
    const r = parseParams({ ...rawFromParams(DEFAULT_PARAMS), temperature: ' 1.2 ', seed: '7' });
    expect(r.errors).toEqual({});
    expect(r.params).toEqual({ ...DEFAULT_PARAMS, temperature: 1.2, seed: 7 });
  });

  it('collects every error and returns no params', () => {
    const r = parseParams({ ...rawFromParams(DEFAULT_PARAMS), top_p: '2', top_k: '-1' });
    expect(r.params).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['top_k', 'top_p']);
  });
});

describe('chipLabel', () => {
  it('shows T P K always', () => {
    expect(chipLabel(DEFAULT_PARAMS)).toBe('T=0.7 P=0.9 K=40');
  });

  it('adds R M S only when not default', () => {
    expect(chipLabel({ ...DEFAULT_PARAMS, repeat_penalty: 1.3 })).toBe('T=0.7 P=0.9 K=40 R=1.3');
    expect(chipLabel({ ...DEFAULT_PARAMS, num_predict: 256 })).toBe('T=0.7 P=0.9 K=40 M=256');
    expect(chipLabel({ ...DEFAULT_PARAMS, seed: 42 })).toBe('T=0.7 P=0.9 K=40 S=42');
    expect(chipLabel({ temperature: 1.2, top_p: 0.5, top_k: 10, repeat_penalty: 1.5, num_predict: 100, seed: 3 })).toBe(
      'T=1.2 P=0.5 K=10 R=1.5 M=100 S=3',
    );
  });
});

describe('duplicates', () => {
  it('refuses the same model with the same six values', () => {
    const a = makeInstance('llama3.2:3b');
    const msg = duplicateError([a], makeInstance('llama3.2:3b'));
    expect(msg).toContain('llama3.2:3b');
    expect(msg).toContain('already in the arena');
  });

  it('accepts the same model with different settings, or another model', () => {
    const a = makeInstance('llama3.2:3b');
    expect(duplicateError([a], makeInstance('llama3.2:3b', { ...DEFAULT_PARAMS, temperature: 0.2 }))).toBeNull();
    expect(duplicateError([a], makeInstance('qwen2.5:7b'))).toBeNull();
  });

  it('ignores the instance being edited', () => {
    const a = makeInstance('llama3.2:3b');
    expect(duplicateError([a], makeInstance('llama3.2:3b'), a.id)).toBeNull();
  });
});

describe('toRequestInstance', () => {
  it('sends all six settings with the id', () => {
    expect(toRequestInstance(makeInstance('gemma2:2b', { ...DEFAULT_PARAMS, seed: 9 }))).toEqual({
      id: 'gemma2_2b__0.7_0.9_40_1.1_-1_9',
      model: 'gemma2:2b',
      temperature: 0.7,
      top_p: 0.9,
      top_k: 40,
      repeat_penalty: 1.1,
      num_predict: -1,
      seed: 9,
    });
  });
});
