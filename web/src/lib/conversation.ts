// The conversation model: instances, turns, answers, votes and blind labels, plus the pure
// rules over them (each instance's own thread, tallies, the fastest answer). No DOM, no fetch.
import type { FinalMetrics } from './stream';
import type { Instance } from './instances';

export type Role = 'system' | 'user' | 'assistant';
export interface Message {
  role: Role;
  content: string;
}

export type AnswerStatus = 'queued' | 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';

export interface Answer {
  text: string;
  status: AnswerStatus;
  error?: string;
  /** Ollama's final numbers, from the stream's metrics line. */
  metrics?: FinalMetrics;
  /** Client clock (ms since epoch): request sent, first and last token, end. */
  sentAt?: number;
  firstTokenAt?: number;
  lastTokenAt?: number;
  endedAt?: number;
  /** Token lines received so far (Ollama streams one token per line). */
  chunks: number;
  feedback?: 'up' | 'down';
  /** 1 for the first answer, +1 per regeneration. */
  attempt: number;
  /** The server's answer id (for ratings), once the server has recorded it. */
  serverId?: number;
}

export type Verdict = { kind: 'best'; instanceId: string } | { kind: 'tie' } | { kind: 'all_bad' };

export interface Turn {
  id: string;
  user: string;
  at: number;
  /** Keyed by instance id; an instance that sat this turn out has no entry. */
  answers: Record<string, Answer>;
  verdict?: Verdict;
  /** The server's turn id (for votes), once recorded. */
  serverTurn?: number;
}

export interface Conversation {
  id: string;
  title: string;
  titleEdited: boolean;
  createdAt: number;
  updatedAt: number;
  system: string;
  instances: Instance[];
  /** Display order of instance ids; shuffled (Fisher–Yates) when blind. */
  order: string[];
  /** Instance ids that answer the next message ("continue with this one" narrows it). */
  active: string[];
  blind: boolean;
  revealed: boolean;
  turns: Turn[];
  /** A session stored on the server (`id` is then its id). */
  remote?: boolean;
}

export const FINISHED: ReadonlySet<AnswerStatus> = new Set(['done', 'stopped', 'error']);

export function isRunning(a: Answer | undefined): boolean {
  return !!a && !FINISHED.has(a.status);
}

export function newId(prefix = ''): string {
  const rnd =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID().replace(/-/g, '').slice(0, 12)
      : Math.random().toString(36).slice(2, 14);
  return `${prefix}${Date.now().toString(36)}${rnd}`;
}

export function newConversation(opts: Partial<Pick<Conversation, 'blind' | 'system' | 'instances'>> = {}, now = Date.now()): Conversation {
  const instances = opts.instances ? opts.instances.map((i) => ({ ...i })) : [];
  const conv: Conversation = {
    id: newId('c'),
    title: 'New comparison',
    titleEdited: false,
    createdAt: now,
    updatedAt: now,
    system: opts.system ?? '',
    instances,
    order: instances.map((i) => i.id),
    active: instances.map((i) => i.id),
    blind: opts.blind ?? false,
    revealed: false,
    turns: [],
  };
  if (conv.blind) conv.order = shuffled(conv.order);
  return conv;
}

export function newAnswer(): Answer {
  return { text: '', status: 'queued', chunks: 0, attempt: 1 };
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A, B, … Z, AA, AB … */
export function letter(index: number): string {
  let n = index;
  let s = '';
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

export function letterOf(conv: Conversation, instanceId: string): string {
  const i = conv.order.indexOf(instanceId);
  return letter(i < 0 ? conv.instances.findIndex((x) => x.id === instanceId) : i);
}

/** True while names must stay hidden. */
export function masked(conv: Conversation): boolean {
  return conv.blind && !conv.revealed;
}

/** "Model B" while blind, the model's name otherwise. */
export function displayName(conv: Conversation, instanceId: string): string {
  if (masked(conv)) return `Model ${letterOf(conv, instanceId)}`;
  return conv.instances.find((i) => i.id === instanceId)?.model ?? instanceId;
}

/**
 * Hides model names in text the arena itself produced (error messages such as "model 'x'
 * not found") while names are masked. Answers are left as the model wrote them.
 */
export function redact(conv: Conversation, text: string): string {
  if (!masked(conv) || !text) return text;
  const names = [...new Set(conv.instances.flatMap((i) => [i.model, i.id]))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const n of names) out = out.split(n).join('(hidden model)');
  return out;
}

export function instanceById(conv: Conversation, id: string): Instance | undefined {
  return conv.instances.find((i) => i.id === id);
}

export function orderedInstances(conv: Conversation): Instance[] {
  const byId = new Map(conv.instances.map((i) => [i.id, i]));
  const out: Instance[] = [];
  for (const id of conv.order) {
    const i = byId.get(id);
    if (i) out.push(i);
  }
  // Instances missing from order (should not happen) go last, in insertion order.
  for (const i of conv.instances) if (!conv.order.includes(i.id)) out.push(i);
  return out;
}

/**
 * The messages instance `instanceId` is sent for turn `turnIndex`: the system prompt, then
 * for every earlier turn it took part in, the user's message and *its own* answer — never
 * another instance's. An earlier turn where it produced no text keeps the user's message
 * only. Ends with the user's message of turn `turnIndex`.
 */
export function historyFor(conv: Conversation, instanceId: string, turnIndex: number): Message[] {
  const messages: Message[] = [];
  if (conv.system.trim()) messages.push({ role: 'system', content: conv.system });
  for (let t = 0; t < turnIndex && t < conv.turns.length; t++) {
    const turn = conv.turns[t];
    const answer = turn.answers[instanceId];
    if (!answer) continue;
    messages.push({ role: 'user', content: turn.user });
    if (answer.text) messages.push({ role: 'assistant', content: answer.text });
  }
  const current = conv.turns[turnIndex];
  if (current) messages.push({ role: 'user', content: current.user });
  return messages;
}

/** The title a conversation gets from its first message. */
export function autoTitle(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return 'New comparison';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/**
 * The fastest finished answer of a turn by Ollama's tokens/s; null unless two or more
 * finished, and null on a tie for first place.
 */
export function fastestIn(turn: Turn): string | null {
  const rates = Object.entries(turn.answers)
    .map(([id, a]) => [id, a.status === 'done' ? a.metrics?.tokens_per_sec ?? 0 : 0] as const)
    .filter(([, r]) => r > 0)
    .sort((x, y) => y[1] - x[1]);
  if (rates.length < 2 || rates[0][1] === rates[1][1]) return null;
  return rates[0][0];
}

export interface InstanceTally {
  instanceId: string;
  up: number;
  down: number;
  best: number;
}

export interface Tallies {
  perInstance: InstanceTally[];
  ties: number;
  allBad: number;
  turnsVoted: number;
}

export function tallies(conv: Conversation): Tallies {
  const per = new Map<string, InstanceTally>(
    orderedInstances(conv).map((i) => [i.id, { instanceId: i.id, up: 0, down: 0, best: 0 }]),
  );
  let ties = 0;
  let allBad = 0;
  let turnsVoted = 0;
  for (const turn of conv.turns) {
    for (const [id, a] of Object.entries(turn.answers)) {
      const t = per.get(id);
      if (!t) continue;
      if (a.feedback === 'up') t.up++;
      if (a.feedback === 'down') t.down++;
    }
    const v = turn.verdict;
    if (!v) continue;
    turnsVoted++;
    if (v.kind === 'tie') ties++;
    else if (v.kind === 'all_bad') allBad++;
    else {
      const t = per.get(v.instanceId);
      if (t) t.best++;
    }
  }
  return { perInstance: [...per.values()], ties, allBad, turnsVoted };
}

/** Votes can be cast while the names are hidden, or any time outside blind mode. */
export function votingLocked(conv: Conversation): boolean {
  return conv.blind && conv.revealed;
}

/** Instances answering in a turn, in display order. */
export function turnInstances(conv: Conversation, turn: Turn): Instance[] {
  return orderedInstances(conv).filter((i) => turn.answers[i.id]);
}

/**
 * Normalises a conversation read back from storage: fills fields that older saves lack and
 * marks answers that were still streaming when the page went away as stopped.
 */
export function revive(raw: Conversation): Conversation {
  const conv: Conversation = {
    ...raw,
    title: raw.title || 'Untitled comparison',
    titleEdited: !!raw.titleEdited,
    system: raw.system ?? '',
    instances: raw.instances ?? [],
    order: raw.order ?? (raw.instances ?? []).map((i) => i.id),
    active: raw.active ?? (raw.instances ?? []).map((i) => i.id),
    blind: !!raw.blind,
    revealed: !!raw.revealed,
    turns: raw.turns ?? [],
  };
  for (const turn of conv.turns) {
    for (const a of Object.values(turn.answers)) {
      a.chunks ??= 0;
      a.attempt ??= 1;
      if (!FINISHED.has(a.status)) {
        a.status = 'stopped';
        a.error = 'Interrupted: the page was closed or reloaded while this answer streamed.';
      }
    }
  }
  return conv;
}
