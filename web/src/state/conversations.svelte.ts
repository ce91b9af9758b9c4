// The conversations: the one on screen, the sidebar's list of saved ones, and keeping them in
// step with the server (create on the first message, save titles and prompts, learn the
// server's ids for votes). The second layer of the application state (app.svelte.ts); the
// top layer runs the streams, so stopping and flushing them is left to it.
import { type Conversation, autoTitle, isRunning, newConversation } from '../lib/conversation';
import type { Instance } from '../lib/instances';
import { type ConversationSummary, StorageFullError, writePref } from '../lib/storage';
import type { ServerConversationStore } from '../lib/server-store';
import { errorText } from './messages';
import { ModelsState } from './models.svelte';

export abstract class ConversationsState extends ModelsState {
  summaries = $state<ConversationSummary[]>([]);
  /** Sessions on the server in all (the sidebar pages through them). */
  summariesTotal = $state(0);
  /** Set when the list of sessions could not be read from the server. */
  storeError = $state<string | null>(null);
  conv = $state<Conversation>(newConversation());
  /** Which page the main area shows. */
  view = $state<'arena' | 'leaderboard'>('arena');
  focusedId = $state<string | null>(null);

  /** Conversations this page holds, by id: the reactive objects streams write into. */
  protected live = new Map<string, Conversation>();
  private saveTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(protected store: ServerConversationStore) {
    super();
  }

  /** Stops every stream of `c` (the streaming layer's). */
  abstract stopAll(c?: Conversation): void;
  /** Moves tokens still buffered into the answers (the streaming layer's). */
  abstract flushTokens(): void;

  isBusy(c: Conversation = this.conv): boolean {
    return c.turns.some((t) => Object.values(t.answers).some(isRunning));
  }

  protected setConv(c: Conversation): void {
    const known = this.live.get(c.id);
    this.conv = known ?? c;
    if (!known) this.live.set(c.id, this.conv); // the reactive proxy, updated by streams
    this.focusedId = null;
    writePref('current', this.conv.id);
  }

  async refreshSummaries(): Promise<void> {
    try {
      // Keep as many rows as were shown (paging), newest first.
      const want = Math.max(this.summaries.length, 1);
      const rows: ConversationSummary[] = [];
      do {
        rows.push(...(await this.store.list(rows.length)));
      } while (rows.length < want && rows.length < this.store.total);
      this.summaries = rows;
      this.summariesTotal = this.store.total;
      this.storeError = null;
    } catch (e) {
      this.storeError = `Saved comparisons could not be loaded from the arena server: ${errorText(e)}`;
    }
  }

  async loadMoreSummaries(): Promise<void> {
    try {
      const more = await this.store.list(this.summaries.length);
      const seen = new Set(this.summaries.map((s) => s.id));
      this.summaries = [...this.summaries, ...more.filter((s) => !seen.has(s.id))];
      this.summariesTotal = this.store.total;
    } catch (e) {
      this.storeError = `Saved comparisons could not be loaded from the arena server: ${errorText(e)}`;
    }
  }

  showView(view: 'arena' | 'leaderboard'): void {
    this.view = view;
    const hash = view === 'leaderboard' ? '#/leaderboard' : '';
    if (location.hash !== hash) history.pushState(null, '', hash || location.pathname + location.search);
  }

  async openConversation(id: string): Promise<void> {
    if (id === this.conv.id) return;
    this.flushSave(this.conv);
    const known = this.live.get(id);
    let conv: Conversation | null = null;
    try {
      conv = known ?? (await this.store.load(id));
    } catch (e) {
      this.toast(`That comparison could not be opened: ${errorText(e)}`, 'error', 6000);
      return;
    }
    this.view = 'arena';
    if (location.hash) history.pushState(null, '', location.pathname + location.search);
    if (!conv) {
      this.toast('That comparison no longer exists on the server.', 'error');
      await this.refreshSummaries();
      return;
    }
    this.setConv(conv);
  }

  /** A new comparison with the same contestants, system prompt and mode (fresh shuffle). */
  newConversation(keepSetup = true): void {
    this.flushSave(this.conv);
    const c = this.conv;
    this.setConv(
      keepSetup
        ? newConversation({ instances: $state.snapshot(c.instances) as Instance[], system: c.system, blind: c.blind })
        : newConversation(),
    );
  }

  async deleteConversation(id: string): Promise<void> {
    const conv = this.live.get(id);
    if (conv) this.stopAll(conv);
    this.live.delete(id);
    const t = this.saveTimers.get(id);
    if (t) clearTimeout(t);
    this.saveTimers.delete(id);
    try {
      await this.store.remove(id);
    } catch (e) {
      this.toast(`Could not delete: ${errorText(e)}`, 'error', 6000);
    }
    this.summaries = this.summaries.filter((s) => s.id !== id);
    await this.refreshSummaries();
    if (this.conv.id === id) {
      const next = this.summaries[0];
      const loaded = next ? await this.store.load(next.id).catch(() => null) : null;
      this.setConv(loaded ?? newConversation({ instances: $state.snapshot(this.conv.instances) as Instance[] }));
    }
  }

  rename(title: string): void {
    const t = title.trim();
    this.conv.title = t || autoTitle(this.conv.turns[0]?.user ?? '');
    this.conv.titleEdited = !!t;
    this.touch(this.conv);
  }

  private worthSaving(c: Conversation): boolean {
    return !!c.remote;
  }

  protected touch(c: Conversation, delay = 300): void {
    c.updatedAt = Date.now();
    this.scheduleSave(c, delay);
  }

  scheduleSave(c: Conversation, delay = 300): void {
    if (this.saveTimers.has(c.id)) return;
    this.saveTimers.set(
      c.id,
      setTimeout(() => {
        this.saveTimers.delete(c.id);
        void this.saveNow(c);
      }, delay),
    );
  }

  flushSave(c: Conversation): void {
    const t = this.saveTimers.get(c.id);
    if (t) {
      clearTimeout(t);
      this.saveTimers.delete(c.id);
      void this.saveNow(c);
    }
  }

  flushAllSaves(): void {
    this.flushTokens();
    for (const c of this.live.values()) {
      if (this.saveTimers.has(c.id) || this.isBusy(c)) {
        const t = this.saveTimers.get(c.id);
        if (t) clearTimeout(t);
        this.saveTimers.delete(c.id);
        void this.saveNow(c, true);
      }
    }
  }

  /**
   * Saves the browser cache and sends a changed title or system prompt (answers, votes and
   * ratings reach the server on their own). `leaving`: the page is going away, so no reads
   * that the unload would only cut off.
   */
  private async saveNow(c: Conversation, leaving = false): Promise<void> {
    if (!this.worthSaving(c)) return;
    try {
      await this.store.save($state.snapshot(c) as Conversation);
      if (leaving) return;
      if (!this.isBusy(c) && c.turns.some((t) => Object.values(t.answers).some((a) => !a.serverId))) await this.syncIds(c);
      await this.refreshSummaries();
    } catch (e) {
      this.toast(e instanceof StorageFullError ? e.message : `Could not save: ${errorText(e)}`, 'error', 6000);
    }
  }

  /** Copies the server's turn and answer ids (for votes and ratings) into the live conversation. */
  protected async syncIds(c: Conversation): Promise<void> {
    if (!c.remote) return;
    const stored = await this.store.load(c.id);
    if (!stored) return;
    for (const [t, st] of stored.turns.entries()) {
      const turn = c.turns[t];
      if (!turn || turn.user !== st.user) break;
      turn.serverTurn ??= st.serverTurn;
      for (const [id, a] of Object.entries(st.answers)) {
        const mine = turn.answers[id];
        if (mine && !isRunning(mine)) mine.serverId = a.serverId;
      }
    }
  }

  /** Creates the server session of a conversation on its first message (and re-keys it). */
  protected async ensureCreated(c: Conversation): Promise<void> {
    if (c.remote) return;
    const oldId = c.id;
    const id = await this.store.create($state.snapshot(c) as Conversation);
    c.id = id;
    c.remote = true;

    this.live.delete(oldId);
    this.live.set(id, c);
    if (this.conv === c) writePref('current', id);
    void this.refreshSummaries();
  }

  protected applyLabels(c: Conversation, labels: Record<string, string>): void {
    const byLabel = Object.keys(labels).sort((x, y) => x.length - y.length || x.localeCompare(y));
    const order = byLabel.map((l) => labels[l]).filter((i) => c.instances.some((x) => x.id === i));
    if (order.length === c.instances.length && order.join() !== c.order.join()) c.order = order;
  }

  protected rememberSetup(): void {
    const c = this.conv;
    writePref('lastSetup', { instances: $state.snapshot(c.instances), system: c.system, blind: c.blind });
  }
}
