// The server-backed conversation store: conversations are sessions of the arena server
// (GET/POST /api/sessions, PATCH/DELETE /api/sessions/{id}); the server records every turn
// and answer itself from the stream requests that carry `session_id`, so this store never
// uploads answers. What the server does not know (or hides while a blind session is
// masked: which instance is behind "Model B") is kept in a browser-side cache.
import { type ApiError, apiJson } from './api';
import type { Answer, AnswerStatus, Conversation, Turn, Verdict } from './conversation';
import { DEFAULT_PARAMS, type Instance, toRequestInstance } from './instances';
import { type ConversationStore, type ConversationSummary, type KeyValue, LocalConversationStore } from './storage';
import type { FinalMetrics } from './stream';

export interface ServerInstance {
  label: string;
  position: number;
  instance_id?: string;
  model?: string;
  settings?: Record<string, number>;
}

export interface ServerAnswer {
  id: number;
  slot: number;
  label: string;
  instance_id?: string;
  status: 'pending' | 'complete' | 'failed' | 'stopped';
  text: string;
  error: string | null;
  metrics: FinalMetrics | null;
  rating: number;
}

export interface ServerVote {
  kind: 'best' | 'tie' | 'all_bad';
  winner: string;
  winner_label: string | null;
}

export interface ServerTurn {
  id: number;
  index: number;
  user_message: string;
  created_at: string;
  answers: ServerAnswer[];
  vote: ServerVote | null;
}

export interface ServerSession {
  id: number;
  title: string;
  system: string;
  blind: boolean;
  revealed: boolean;
  created_at: string;
  updated_at: string;
  turn_count: number;
  vote_count: number;
  masked?: boolean;
  instances?: ServerInstance[];
  turns?: ServerTurn[];
}

/** What the browser remembers of a session: its instances and which label each one got. */
interface Cached {
  conv: Conversation | null;
  labels: Record<string, string>;
}

const LABELS_PREFIX = 'ollama-arena.labels.v1.';

/** Labels sort as the server hands them out: Model A … Model Z, Model AA … */
function labelKey(label: string): string {
  const l = label.replace(/^Model /, '');
  return `${String(l.length).padStart(3, '0')}${l}`;
}

const STATUS: Record<ServerAnswer['status'], AnswerStatus> = {
  complete: 'done',
  failed: 'error',
  stopped: 'stopped',
  pending: 'stopped',
};

/**
 * A stored session as the UI's conversation. Server turns with the same user message in a
 * row are one turn of the UI: every instance has its own thread after the first turn, so a
 * turn is sent as one request per instance (each recorded as its own server turn), and a
 * regenerated answer is recorded as a new turn too (the later answer wins).
 */
export function fromServer(view: ServerSession, cached: Cached): Conversation {
  const masked = view.masked ?? (view.blind && !view.revealed);
  const byLabel = new Map<string, Instance>();
  const cachedInstances = new Map((cached.conv?.instances ?? []).map((i) => [i.id, i]));
  for (const si of [...(view.instances ?? [])].sort((a, b) => labelKey(a.label).localeCompare(labelKey(b.label)))) {
    let inst: Instance | undefined;
    if (!masked && si.instance_id && si.model) {
      inst = { ...DEFAULT_PARAMS, ...(si.settings ?? {}), id: si.instance_id, model: si.model } as Instance;
    } else {
      const id = cached.labels[si.label];
      inst = id ? cachedInstances.get(id) : undefined;
      // Another browser: only the label is known until the reveal.
      inst ??= { ...DEFAULT_PARAMS, id: si.label, model: si.label };
    }
    byLabel.set(si.label, inst);
  }
  const instances = [...byLabel.values()];
  const idOf = (label: string, instanceId?: string) => (!masked && instanceId) || byLabel.get(label)?.id || label;
  const turns: Turn[] = [];
  for (const st of view.turns ?? []) {
    const prev = turns[turns.length - 1];
    const ids = st.answers.map((a) => idOf(a.label, a.instance_id));
    const joins = prev && prev.user === st.user_message && (st.answers.length === 1 || ids.every((id) => !prev.answers[id]));
    const turn: Turn = joins
      ? prev
      : { id: `s${st.id}`, user: st.user_message, at: Date.parse(st.created_at) || Date.now(), answers: {}, serverTurn: st.answers.length >= 2 ? st.id : undefined };
    for (const [k, a] of st.answers.entries()) {
      const before = turn.answers[ids[k]];
      const answer: Answer = {
        text: a.text,
        status: STATUS[a.status] ?? 'stopped',
        chunks: 0,
        attempt: before ? before.attempt + 1 : 1,
        serverId: a.id,
      };
      if (a.error) answer.error = a.error;
      if (a.status === 'pending') answer.error = 'Not finished: the answer was still streaming when this page loaded it.';
      if (a.metrics) answer.metrics = a.metrics;
      if (a.rating > 0) answer.feedback = 'up';
      if (a.rating < 0) answer.feedback = 'down';
      turn.answers[ids[k]] = answer;
    }
    if (st.vote && !joins) {
      const v = st.vote;
      let verdict: Verdict;
      if (v.kind === 'best') verdict = { kind: 'best', instanceId: idOf(v.winner_label ?? v.winner, masked ? undefined : v.winner) };
      else verdict = { kind: v.kind };
      turn.verdict = verdict;
    }
    if (!joins) turns.push(turn);
  }
  const order = instances.map((i) => i.id);
  const active = (cached.conv?.active ?? order).filter((id) => order.includes(id));
  return {
    id: String(view.id),
    remote: true,
    title: view.title || 'Untitled comparison',
    titleEdited: cached.conv?.titleEdited ?? !!view.title,
    createdAt: Date.parse(view.created_at) || Date.now(),
    updatedAt: Date.parse(view.updated_at) || Date.now(),
    system: view.system ?? '',
    instances,
    order,
    active: active.length ? active : order,
    blind: view.blind,
    revealed: view.revealed,
    turns,
  };
}

export function summaryOf(s: ServerSession): ConversationSummary {
  return {
    id: String(s.id),
    title: s.title || 'Untitled comparison',
    updatedAt: Date.parse(s.updated_at) || 0,
    instances: s.instances?.length ?? -1,
    turns: s.turn_count,
    blind: s.blind,
    votes: s.vote_count,
  };
}

export const PAGE_SIZE = 50;

export class ServerConversationStore implements ConversationStore {
  private readonly cache: LocalConversationStore;
  /** Title and system prompt as the server has them (what PATCH has to change). */
  private known = new Map<string, { title: string; system: string }>();
  total = 0;

  constructor(private readonly kv: KeyValue) {
    this.cache = new LocalConversationStore(kv);
  }

  private labels(id: string): Record<string, string> {
    try {
      return JSON.parse(this.kv.getItem(LABELS_PREFIX + id) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }

  async list(offset = 0): Promise<ConversationSummary[]> {
    const page = await apiJson<{ sessions: ServerSession[]; total: number }>(`/api/sessions?limit=${PAGE_SIZE}&offset=${offset}`);
    this.total = page.total;
    return page.sessions.map(summaryOf);
  }

  async load(id: string): Promise<Conversation | null> {
    if (!/^\d+$/.test(id)) return null;
    let view: ServerSession;
    try {
      view = await apiJson<ServerSession>(`/api/sessions/${id}`);
    } catch (e) {
      if ((e as ApiError).status === 404) return null;
      throw e;
    }
    this.known.set(id, { title: view.title, system: view.system });
    return fromServer(view, { conv: await this.cache.load(id), labels: this.labels(id) });
  }

  /** POST /api/sessions with the conversation's set-up; returns the new id. */
  async create(conv: Conversation): Promise<string> {
    const sent = conv.instances;
    const view = await apiJson<ServerSession>('/api/sessions', {
      method: 'POST',
      body: JSON.stringify({ title: conv.title, system: conv.system, blind: conv.blind, model_instances: sent.map(toRequestInstance) }),
    });
    const id = String(view.id);
    this.known.set(id, { title: view.title, system: view.system });
    return id;
  }

  /**
   * Learns which label the server gave each instance of a blind session (the server hands
   * them out in a random order and hides them while masked). The turn a request started is
   * stored before anything streams, with its answers in request order (`slot`), so the last
   * turn's slots name the labels of the instances `ids` sent, in that order.
   */
  async learnLabels(id: string, ids: readonly string[]): Promise<Record<string, string>> {
    const view = await apiJson<ServerSession>(`/api/sessions/${id}`);
    const labels = this.labels(id);
    const last = view.turns?.[view.turns.length - 1];
    if (last && last.answers.length === ids.length) {
      for (const a of last.answers) if (ids[a.slot]) labels[a.label] = ids[a.slot];
    }
    try {
      this.kv.setItem(LABELS_PREFIX + id, JSON.stringify(labels));
    } catch {
      /* without it, this browser shows labels only after the reveal, like any other */
    }
    return labels;
  }

  /** The server's label of each instance (blind order: Model A first). */
  labelsOf(id: string): Record<string, string> {
    return this.labels(id);
  }

  async save(conv: Conversation): Promise<void> {
    if (!conv.remote) return;
    await this.cache.save(conv);
    const k = this.known.get(conv.id);
    const patch: Record<string, string> = {};
    if (!k || k.title !== conv.title) patch.title = conv.title.slice(0, 200);
    if (!k || k.system !== conv.system) patch.system = conv.system;
    if (Object.keys(patch).length === 0) return;
    const view = await apiJson<ServerSession>(`/api/sessions/${conv.id}`, { method: 'PATCH', body: JSON.stringify(patch) });
    this.known.set(conv.id, { title: view.title, system: view.system });
  }

  async remove(id: string): Promise<void> {
    await this.cache.remove(id);
    this.kv.removeItem(LABELS_PREFIX + id);
    if (/^\d+$/.test(id)) await apiJson(`/api/sessions/${id}`, { method: 'DELETE' });
  }

  async vote(id: string, turn: number, winner: string): Promise<void> {
    await apiJson(`/api/sessions/${id}/turns/${turn}/vote`, { method: 'POST', body: JSON.stringify({ winner }) });
  }

  async rate(id: string, answer: number, value: 1 | -1 | 0): Promise<void> {
    await apiJson(`/api/sessions/${id}/answers/${answer}/rating`, { method: 'POST', body: JSON.stringify({ value }) });
  }

  async reveal(id: string): Promise<Conversation> {
    const view = await apiJson<ServerSession>(`/api/sessions/${id}/reveal`, { method: 'POST', body: '{}' });
    return fromServer(view, { conv: await this.cache.load(id), labels: this.labels(id) });
  }
}

