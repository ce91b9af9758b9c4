// Model instances: a model plus its six sampling settings, as the API contract defines them
// (ranges, defaults, derived id), with the validation the instance editor shows inline.
// Pure: no DOM, no fetch.

export interface Params {
  temperature: number;
  top_p: number;
  top_k: number;
  repeat_penalty: number;
  num_predict: number;
  seed: number;
}

export interface Instance extends Params {
  /** Derived from model + params exactly as the server derives it (see instanceId). */
  id: string;
  model: string;
}

export type ParamName = keyof Params;

export interface ParamSpec {
  name: ParamName;
  label: string;
  short: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  default: number;
  /** As the server words it in its 400 errors. */
  range: string;
  help: string;
}

/** Ranges (inclusive) and defaults from the API contract. */
export const PARAM_SPECS: readonly ParamSpec[] = [
  { name: 'temperature', label: 'Temperature', short: 'T', min: 0.01, max: 2.0, step: 0.05, integer: false, default: 0.7, range: 'between 0.01 and 2.0',
    help: 'Randomness: low is focused, high is creative.' },
  { name: 'top_p', label: 'Top P', short: 'P', min: 0, max: 1, step: 0.05, integer: false, default: 0.9, range: 'between 0 and 1',
    help: 'Nucleus sampling: keep the smallest set of tokens whose probability adds up to P.' },
  { name: 'top_k', label: 'Top K', short: 'K', min: 0, max: 100, step: 1, integer: true, default: 40, range: 'between 0 and 100',
    help: 'Sample from the K most likely tokens (0 = no limit).' },
  { name: 'repeat_penalty', label: 'Repeat penalty', short: 'R', min: 1.0, max: 2.0, step: 0.05, integer: false, default: 1.1, range: 'between 1.0 and 2.0',
    help: 'Penalise repeating tokens (1.0 = off).' },
  { name: 'num_predict', label: 'Max tokens', short: 'M', min: -1, max: 4096, step: 1, integer: true, default: -1, range: 'between -1 and 4096',
    help: 'Most tokens to generate (-1 = unlimited).' },
  { name: 'seed', label: 'Seed', short: 'S', min: 0, max: Number.MAX_SAFE_INTEGER, step: 1, integer: true, default: 0, range: 'a whole number of 0 or more',
    help: 'Fixed seed for reproducible answers (0 = random).' },
];

export const DEFAULT_PARAMS: Readonly<Params> = Object.freeze({
  temperature: 0.7,
  top_p: 0.9,
  top_k: 40,
  repeat_penalty: 1.1,
  num_predict: -1,
  seed: 0,
});

export function specOf(name: ParamName): ParamSpec {
  const s = PARAM_SPECS.find((p) => p.name === name);
  if (!s) throw new Error(`unknown parameter ${name}`);
  return s;
}

/** The range as the server words it: "between 0.01 and 2.0". */
function rangeText(spec: ParamSpec): string {
  return spec.range;
}

/** Why a value is not allowed, or null when it is. Accepts the raw text of an input. */
export function validateParam(name: ParamName, raw: string | number): string | null {
  const spec = specOf(name);
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (text === '') return `${spec.label} is required`;
  // Number('') and Number(' ') are 0, Number('0x10') is 16: accept plain decimals only.
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text)) return `${spec.label} must be a number`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `${spec.label} must be a number`;
  if (spec.integer && !Number.isInteger(value)) {
    return spec.name === 'seed' ? `${spec.label} must be ${rangeText(spec)}` : `${spec.label} must be a whole number ${rangeText(spec)}`;
  }
  if (value < spec.min || value > spec.max) return `${spec.label} must be ${rangeText(spec)}`;
  return null;
}

export type RawParams = Record<ParamName, string>;

export function rawFromParams(p: Params): RawParams {
  return {
    temperature: String(p.temperature),
    top_p: String(p.top_p),
    top_k: String(p.top_k),
    repeat_penalty: String(p.repeat_penalty),
    num_predict: String(p.num_predict),
    seed: String(p.seed),
  };
}

export interface ParsedParams {
  params: Params | null;
  errors: Partial<Record<ParamName, string>>;
}

/** Validates every field; params is null when any field is wrong. */
export function parseParams(raw: RawParams): ParsedParams {
  const errors: Partial<Record<ParamName, string>> = {};
  const out: Partial<Params> = {};
  for (const spec of PARAM_SPECS) {
    const err = validateParam(spec.name, raw[spec.name] ?? '');
    if (err) errors[spec.name] = err;
    else out[spec.name] = Number(String(raw[spec.name]).trim());
  }
  return { params: Object.keys(errors).length === 0 ? (out as Params) : null, errors };
}

/** Shortest round-trip number text, as the server prints it: 0.7, 1.1, -1, 0, 2. */
function num(n: number): string {
  return String(n);
}

/**
 * The instance id the server derives when none is sent:
 * `{model with ':' '.' '/' '-' turned into '_'}__{T}_{P}_{K}_{R}_{M}_{S}`,
 * e.g. `llama3.2:3b` with defaults is `llama3_2_3b__0.7_0.9_40_1.1_-1_0`.
 */
export function instanceId(model: string, p: Params): string {
  const base = model.replace(/[:./-]/g, '_');
  return `${base}__${num(p.temperature)}_${num(p.top_p)}_${num(p.top_k)}_${num(p.repeat_penalty)}_${num(p.num_predict)}_${num(p.seed)}`;
}

export function makeInstance(model: string, p: Params = DEFAULT_PARAMS): Instance {
  return { id: instanceId(model, p), model, ...pickParams(p) };
}

export function pickParams(p: Params): Params {
  return {
    temperature: p.temperature,
    top_p: p.top_p,
    top_k: p.top_k,
    repeat_penalty: p.repeat_penalty,
    num_predict: p.num_predict,
    seed: p.seed,
  };
}

/** Same model and the same six values (what the server refuses as a duplicate). */
export function sameInstance(a: Instance, b: Instance): boolean {
  return a.model === b.model && PARAM_SPECS.every((s) => a[s.name] === b[s.name]);
}

/** Why `candidate` cannot join `existing` (identical configuration), or null. */
export function duplicateError(existing: readonly Instance[], candidate: Instance, ignoreId?: string): string | null {
  const clash = existing.find((e) => e.id !== ignoreId && (e.id === candidate.id || sameInstance(e, candidate)));
  if (!clash) return null;
  return `${candidate.model} with ${chipLabel(candidate)} is already in the arena. Change at least one setting to compare it again.`;
}

/**
 * The settings chip: `T=0.7 P=0.9 K=40`, plus `R M S` when they differ from the defaults.
 */
export function chipLabel(p: Params): string {
  const parts = [`T=${num(p.temperature)}`, `P=${num(p.top_p)}`, `K=${num(p.top_k)}`];
  if (p.repeat_penalty !== DEFAULT_PARAMS.repeat_penalty) parts.push(`R=${num(p.repeat_penalty)}`);
  if (p.num_predict !== DEFAULT_PARAMS.num_predict) parts.push(`M=${num(p.num_predict)}`);
  if (p.seed !== DEFAULT_PARAMS.seed) parts.push(`S=${num(p.seed)}`);
  return parts.join(' ');
}

/** A longer description for screen readers and tooltips. */
export function describeParams(p: Params): string {
  return [
    `temperature ${num(p.temperature)}`,
    `top p ${num(p.top_p)}`,
    `top k ${num(p.top_k)}`,
    `repeat penalty ${num(p.repeat_penalty)}`,
    `max tokens ${p.num_predict === -1 ? 'unlimited' : num(p.num_predict)}`,
    `seed ${p.seed === 0 ? 'random' : num(p.seed)}`,
  ].join(', ');
}

/** The body entry for model_instances in /api/stream_chat. */
export function toRequestInstance(i: Instance): Record<string, string | number> {
  return {
    id: i.id,
    model: i.model,
    temperature: i.temperature,
    top_p: i.top_p,
    top_k: i.top_k,
    repeat_penalty: i.repeat_penalty,
    num_predict: i.num_predict,
    seed: i.seed,
  };
}
