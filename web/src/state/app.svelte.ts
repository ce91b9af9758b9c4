// The application state (Svelte 5 runes): the top layer, over the conversations
// (conversations.svelte.ts) and the models (models.svelte.ts). It holds the view
// preferences, the contestants of the current comparison, votes, and the streaming engine.
//
// Streaming: every instance of a turn is sent as its own POST /api/stream_chat (see
// lib/plan.ts for why, and for the batching beyond 6 instances). Tokens are not written to
// the reactive state as they arrive: they are buffered per answer and flushed once per
// animation frame, so each column re-renders its Markdown at most once per frame however
// fast the models stream.
import * as api from '../lib/api';
import {
  type Answer,
  type Conversation,
  type Turn,
  type Verdict,
  FINISHED,
  autoTitle,
  historyFor,
  isRunning,
  newAnswer,
  newConversation,
  newId,
  orderedInstances,
  shuffled,
  votingLocked,
} from '../lib/conversation';
import { type Instance, toRequestInstance } from '../lib/instances';
import { STREAM_BUDGET, Slots, planRequests } from '../lib/plan';
import { readPref, writePref } from '../lib/storage';
import { ServerConversationStore } from '../lib/server-store';
import { type StreamEvent, readStream } from '../lib/stream';
import { ConversationsState } from './conversations.svelte';
import { type Toast, errorText } from './messages';

export type Theme = 'light' | 'dark';

interface Pending {
  answer: Answer;
  text: string;
  count: number;
  first?: number;
  last: number;
}

interface RunningRequest {
  conv: Conversation;
  turn: Turn;
  controller: AbortController;
  /** Instances of this request that still want tokens. */
  open: Set<string>;
}

/** The server accepts at most 16 instances per request (API decisions). */
export const MAX_INSTANCES = 16;

const key = (turn: Turn, instanceId: string) => `${turn.id}/${instanceId}`;

function isAbort(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : e instanceof Error && e.name === 'AbortError';
}


export class AppState extends ConversationsState {
  // View.
  theme = $state<Theme>('light');
  sidebarOpen = $state(true);
  now = $state(Date.now());
  toasts = $state<Toast[]>([]);
  authPrompt = $state<{ message: string; wrong: boolean; resolve: (t: string | null) => void } | null>(null);
  /** Bumped whenever the set of running answers changes (drives "busy" views). */
  runningCount = $state(0);

  private requests = new Set<RunningRequest>();
  private byAnswer = new Map<string, RunningRequest>();
  private pending = new Map<string, Pending>();
  private frame = 0;
  private lastClock = 0;
  private slots = new Slots(STREAM_BUDGET);
  private toastSeq = 0;

  constructor(store?: ServerConversationStore) {
    super(store ?? new ServerConversationStore(localStorage));
    this.view = location.hash === '#/leaderboard' ? 'leaderboard' : 'arena';
    const follow = () => {
      this.view = location.hash === '#/leaderboard' ? 'leaderboard' : 'arena';
    };
    addEventListener('hashchange', follow);
    addEventListener('popstate', follow);
    const prefTheme = readPref<Theme | null>('theme', null);
    this.theme = prefTheme ?? (matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    this.sidebarOpen = readPref('sidebar', true);
    // Relative times in the sidebar ("5 min ago") move on while nothing streams.
    setInterval(() => {
      if (this.runningCount === 0) this.now = Date.now();
    }, 30000);
    api.setTokenPrompt(
      (message, wrong) =>
        new Promise((resolve) => {
          this.authPrompt = { message, wrong, resolve };
        }),
    );
  }

  async init(): Promise<void> {
    await this.refreshSummaries();
    const currentId = readPref<string | null>('current', null);
    let conv: Conversation | null = null;
    try {
      // Skip a session that the (complete) list shows is gone, e.g. deleted elsewhere.
      const gone = !this.storeError && this.summaries.length >= this.summariesTotal && !this.summaries.some((x) => x.id === currentId);
      conv = currentId && !gone ? await this.store.load(currentId) : null;
    } catch (e) {
      this.toast(`Could not open the last comparison: ${errorText(e)}`, 'error', 6000);
    }
    if (conv) this.setConv(conv);
    else this.setConv(newConversation(readPref<Partial<Conversation>>('lastSetup', {})));
    void this.checkHealth();
    void this.loadModels();
  }

  // ---- auth --------------------------------------------------------------------------

  answerAuth(token: string | null): void {
    const p = this.authPrompt;
    this.authPrompt = null;
    p?.resolve(token && token.trim() ? token.trim() : null);
  }

  // ---- toasts and preferences --------------------------------------------------------

  toast(text: string, kind: Toast['kind'] = 'info', ms = 3500): void {
    const id = ++this.toastSeq;
    this.toasts.push({ id, text, kind });
    setTimeout(() => this.dismissToast(id), ms);
  }

  dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  toggleTheme(): void {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    writePref('theme', this.theme);
  }

  toggleSidebar(): void {
    this.sidebarOpen = !this.sidebarOpen;
    writePref('sidebar', this.sidebarOpen);
  }

  // ---- instances ---------------------------------------------------------------------

  get locked(): boolean {
    return this.conv.turns.length > 0;
  }

  addInstance(inst: Instance): boolean {
    const c = this.conv;
    if (c.instances.length >= MAX_INSTANCES) {
      this.toast(`At most ${MAX_INSTANCES} contestants per comparison (the server's limit).`, 'error');
      return false;
    }
    c.instances.push(inst);
    c.active.push(inst.id);
    c.order = c.blind ? shuffled(c.instances.map((i) => i.id)) : c.instances.map((i) => i.id);
    this.rememberSetup();
    this.touch(c);
    return true;
  }

  replaceInstance(oldId: string, inst: Instance): void {
    const c = this.conv;
    const idx = c.instances.findIndex((i) => i.id === oldId);
    if (idx < 0) return;
    c.instances[idx] = inst;
    c.order = c.order.map((id) => (id === oldId ? inst.id : id));
    c.active = c.active.map((id) => (id === oldId ? inst.id : id));
    this.rememberSetup();
    this.touch(c);
  }

  removeInstance(id: string): void {
    const c = this.conv;
    c.instances = c.instances.filter((i) => i.id !== id);
    c.order = c.order.filter((x) => x !== id);
    c.active = c.active.filter((x) => x !== id);
    if (this.focusedId === id) this.focusedId = null;
    this.rememberSetup();
    this.touch(c);
  }

  setBlind(on: boolean): void {
    const c = this.conv;
    if (c.turns.length > 0) return; // the mode is fixed once the first answers exist
    c.blind = on;
    c.revealed = false;
    c.order = on ? shuffled(c.instances.map((i) => i.id)) : c.instances.map((i) => i.id);
    this.rememberSetup();
    this.touch(c);
  }

  setSystem(text: string): void {
    this.conv.system = text;
    this.rememberSetup();
    this.touch(this.conv, 800);
  }

  /** From now on only `id` answers (its own thread continues); others sit out. */
  continueWith(id: string): void {
    this.conv.active = [id];
    this.touch(this.conv);
  }

  bringAllBack(): void {
    this.conv.active = orderedInstances(this.conv).map((i) => i.id);
    this.touch(this.conv);
  }

  // ---- votes -------------------------------------------------------------------------

  setVerdict(turnIndex: number, verdict: Verdict | null): void {
    const c = this.conv;
    const turn = c.turns[turnIndex];
    if (!turn || votingLocked(c)) return;
    const same =
      verdict && turn.verdict && verdict.kind === turn.verdict.kind &&
      (verdict.kind !== 'best' || (turn.verdict.kind === 'best' && turn.verdict.instanceId === verdict.instanceId));
    const before = turn.verdict;
    if (same || !verdict) delete turn.verdict;
    else turn.verdict = verdict;
    this.touch(c);
    // The server takes votes in blind sessions (it keeps the latest one per turn).
    if (c.remote && c.blind && verdict && !same) void this.sendVote(c, turn, verdict, before);
  }

  private async sendVote(c: Conversation, turn: Turn, verdict: Verdict, before: Verdict | undefined): Promise<void> {
    try {
      if (!turn.serverTurn) await this.syncIds(c);
      if (!turn.serverTurn) {
        // E.g. a turn recorded by an older version, one request per instance without a turn key.
        this.toast('This vote stays on this page: the server holds no turn with these answers together.', 'info', 6000);
        return;
      }
      await this.store.vote(c.id, turn.serverTurn, verdict.kind === 'best' ? verdict.instanceId : verdict.kind);
    } catch (e) {
      // Kept on the page (e.g. the server is unreachable or the session was revealed elsewhere).
      void before;
      this.toast(`The vote is kept on this page only; the server did not store it: ${errorText(e)}`, 'error', 6000);
    }
  }

  setFeedback(turnIndex: number, instanceId: string, value: 'up' | 'down'): void {
    const c = this.conv;
    const a = c.turns[turnIndex]?.answers[instanceId];
    if (!a || votingLocked(c)) return;
    const before = a.feedback;
    if (a.feedback === value) delete a.feedback;
    else a.feedback = value;
    this.touch(c);
    if (c.remote) void this.sendRating(c, turnIndex, instanceId, before);
  }

  private async sendRating(c: Conversation, turnIndex: number, instanceId: string, before: Answer['feedback']): Promise<void> {
    const a = c.turns[turnIndex]?.answers[instanceId];
    if (!a) return;
    const value = a.feedback === 'up' ? 1 : a.feedback === 'down' ? -1 : 0;
    try {
      if (!a.serverId) await this.syncIds(c);
      if (!a.serverId) throw new Error('this answer is not recorded on the server yet');
      await this.store.rate(c.id, a.serverId, value);
    } catch (e) {
      this.toast(`The rating was not saved: ${errorText(e)}`, 'error', 6000);
      if (before) a.feedback = before;
      else delete a.feedback;
    }
  }

  reveal(): void {
    const c = this.conv;
    if (!c.blind || c.revealed) return;
    c.revealed = true;
    this.touch(c);
    if (c.remote) void this.sendReveal(c);
  }

  private async sendReveal(c: Conversation): Promise<void> {
    try {
      const view = await this.store.reveal(c.id);
      // Another browser knew only labels: now it learns the instances behind them.
      if (c.instances.some((i) => !view.instances.find((v) => v.id === i.id)) && !this.isBusy(c)) {
        this.live.set(c.id, view);
        if (this.conv === c) this.conv = view;
      }
    } catch (e) {
      this.toast(`The reveal was not saved on the server: ${errorText(e)}`, 'error', 6000);
    }
  }

  // ---- running -----------------------------------------------------------------------

  send(text: string): boolean {
    const c = this.conv;
    const message = text.trim() ? text : '';
    const ids = orderedInstances(c).filter((i) => c.active.includes(i.id)).map((i) => i.id);
    if (!message || ids.length === 0 || this.isBusy(c)) return false;
    const answers: Record<string, Answer> = {};
    for (const id of ids) answers[id] = newAnswer();
    c.turns.push({ id: newId('t'), user: text, at: Date.now(), answers });
    if (!c.titleEdited && c.turns.length === 1) c.title = autoTitle(text);
    this.runningCount++; // busy while the session is being created
    void this.ensureCreated(c)
      .then(
        () => {
          this.touch(c, 0);
          this.runTurn(c, c.turns.length - 1, ids);
        },
        (e) => {
          const turn = c.turns[c.turns.length - 1];
          for (const id of ids) {
            const a = turn.answers[id];
            a.status = 'error';
            a.error = `The comparison could not be stored on the arena server: ${errorText(e)}`;
          }
        },
      )
      .finally(() => this.runningCount--);
    return true;
  }

  /** Runs the given instances of a turn (each with its own thread). */
  private runTurn(c: Conversation, turnIndex: number, ids: string[]): void {
    const items = ids.map((id) => ({ instanceId: id, key: JSON.stringify(historyFor(c, id, turnIndex)) }));
    // Every request of the turn carries the same turn_key, so the server records them as one
    // turn with every answer (a vote needs them together). A blind turn that can go as one
    // request still does, so the server shuffles the labels of instances joining on it.
    const turnKey = newId('k');
    for (const group of planRequests(items, c.blind ? 1 : STREAM_BUDGET)) void this.runRequest(c, turnIndex, group, turnKey);
  }

  regenerate(turnIndex: number, instanceId: string): void {
    const c = this.conv;
    const turn = c.turns[turnIndex];
    const prev = turn?.answers[instanceId];
    if (!turn || !prev || isRunning(prev) || turnIndex !== c.turns.length - 1) return;
    turn.answers[instanceId] = { ...newAnswer(), attempt: (prev.attempt ?? 1) + 1 };
    if (turn.verdict?.kind === 'best' && turn.verdict.instanceId === instanceId && !votingLocked(c)) delete turn.verdict;
    this.touch(c, 0);
    void this.runRequest(c, turnIndex, [instanceId]);
  }

  /** `turnKey`: shared by the requests of one turn (a regeneration sends none: a turn of its own). */
  private async runRequest(c: Conversation, turnIndex: number, ids: string[], turnKey?: string): Promise<void> {
    const turn = c.turns[turnIndex];
    const req: RunningRequest = { conv: c, turn, controller: new AbortController(), open: new Set(ids) };
    this.requests.add(req);
    for (const id of ids) this.byAnswer.set(key(turn, id), req);
    this.runningCount++;
    let acquired = false;
    try {
      await this.slots.acquire(req.controller.signal);
      acquired = true;
      const sentAt = Date.now();
      for (const id of req.open) {
        const a = turn.answers[id];
        a.status = 'waiting';
        a.sentAt = sentAt;
      }
      this.ensureFrame();
      const instances = ids.map((id) => c.instances.find((i) => i.id === id)).filter((i): i is Instance => !!i);
      const res = await api.streamChat(
        {
          history: historyFor(c, ids[0], turnIndex),
          model_instances: instances.map(toRequestInstance),
          ...(c.remote ? { session_id: Number(c.id) } : {}),
          ...(c.remote && turnKey ? { turn_key: turnKey } : {}),
        },
        req.controller.signal,
      );
      // A blind session's labels come from the server (shuffled there): once it has stored
      // the turn (before anything streams), show Model A … as it calls them.
      if (c.remote && c.blind && Object.keys(this.store.labelsOf(c.id)).length < c.instances.length) {
        try {
          this.applyLabels(c, await this.store.learnLabels(c.id, ids));
        } catch {
          /* the columns keep this page's shuffle */
        }
      }
      await readStream(res.body!, (ev) => this.onEvent(req, ev), ids.length === 1 ? ids[0] : undefined);
      this.flushTokens();
      for (const id of [...req.open]) this.finish(req, id, 'error', 'The stream ended before this model finished.');
    } catch (e) {
      this.flushTokens();
      const aborted = isAbort(e) || req.controller.signal.aborted;
      for (const id of [...req.open]) {
        if (aborted) this.finish(req, id, 'stopped');
        else this.finish(req, id, 'error', errorText(e));
      }
    } finally {
      if (acquired) this.slots.release();
      this.requests.delete(req);
      for (const id of ids) if (this.byAnswer.get(key(turn, id)) === req) this.byAnswer.delete(key(turn, id));
      this.runningCount--;
      this.scheduleSave(c, 0);
    }
  }

  private onEvent(req: RunningRequest, ev: StreamEvent): void {
    if (!req.open.has(ev.instanceId)) return; // stopped by the user, or not ours
    const answer = req.turn.answers[ev.instanceId];
    if (!answer) return;
    if (ev.kind === 'token') {
      const k = key(req.turn, ev.instanceId);
      const now = Date.now();
      const p = this.pending.get(k);
      if (p) {
        p.text += ev.token;
        p.count++;
        p.last = now;
      } else {
        this.pending.set(k, { answer, text: ev.token, count: 1, first: answer.firstTokenAt ? undefined : now, last: now });
      }
      this.ensureFrame();
      return;
    }
    this.flushTokens();
    if (ev.kind === 'metrics') {
      answer.metrics = ev.metrics;
      this.finish(req, ev.instanceId, 'done');
    } else {
      this.finish(req, ev.instanceId, 'error', ev.error);
    }
  }

  private finish(req: RunningRequest, id: string, status: 'done' | 'stopped' | 'error', error?: string): void {
    if (!req.open.delete(id)) return;
    const a = req.turn.answers[id];
    if (a && !FINISHED.has(a.status)) {
      a.status = status;
      a.endedAt = Date.now();
      if (error) a.error = error;
    }
    // A failed answer may mean Ollama went away: look, so the banner can say so.
    if (status === 'error' && this.health.ok !== false) void this.checkHealth();
    this.scheduleSave(req.conv, 1000);
  }

  /**
   * Stops one instance. A request carrying only this instance is aborted, which closes its
   * connection and so cancels the generation upstream; an instance sharing a request (more
   * than 6 instances) stops being shown, and the request is aborted once none of its
   * instances is wanted any more.
   */
  stopInstance(turn: Turn, id: string): void {
    const req = this.byAnswer.get(key(turn, id));
    if (!req) return;
    this.flushTokens();
    this.finish(req, id, 'stopped');
    if (req.open.size === 0) req.controller.abort();
  }

  stopAll(c: Conversation = this.conv): void {
    this.flushTokens();
    for (const req of [...this.requests]) {
      if (req.conv !== c) continue;
      for (const id of [...req.open]) this.finish(req, id, 'stopped');
      req.controller.abort();
    }
  }

  // ---- the frame loop ----------------------------------------------------------------

  private ensureFrame(): void {
    if (this.frame || typeof requestAnimationFrame === 'undefined') return;
    this.frame = requestAnimationFrame(this.tick);
  }

  private tick = (): void => {
    this.frame = 0;
    this.flushTokens();
    if (this.runningCount > 0) {
      const t = Date.now();
      if (t - this.lastClock >= 100) {
        this.lastClock = t;
        this.now = t; // drives elapsed time and live tokens/s
      }
      this.ensureFrame();
    } else {
      this.now = Date.now();
    }
  };

  /** Moves buffered tokens into the reactive answers (once per frame). */
  flushTokens(): void {
    if (this.pending.size === 0) return;
    for (const p of this.pending.values()) {
      const a = p.answer;
      if (FINISHED.has(a.status)) continue;
      a.text += p.text;
      a.chunks += p.count;
      if (p.first !== undefined && !a.firstTokenAt) a.firstTokenAt = p.first;
      a.lastTokenAt = p.last;
      if (a.status !== 'streaming') a.status = 'streaming';
    }
    this.pending.clear();
  }
}

export const app = new AppState();