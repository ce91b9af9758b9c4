// Where conversations live. The server has no conversation storage yet, so they are kept in
// the browser's localStorage behind this small asynchronous interface; a server-backed store
// (a later issue) implements the same four calls and the UI does not change.
import { type Conversation, revive } from './conversation';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  instances: number;
  turns: number;
  blind: boolean;
  votes?: number;
}

export interface ConversationStore {
  list(): Promise<ConversationSummary[]>;
  load(id: string): Promise<Conversation | null>;
  save(conv: Conversation): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The part of the Web Storage API used here (so tests can pass a Map-backed one). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class StorageFullError extends Error {
  constructor() {
    super('Browser storage is full: delete some old conversations to keep saving.');
    this.name = 'StorageFullError';
  }
}

const INDEX_KEY = 'ollama-arena.conversations.v1';
const ITEM_PREFIX = 'ollama-arena.conversation.v1.';

export function summarize(conv: Conversation): ConversationSummary {
  return {
    id: conv.id,
    title: conv.title,
    updatedAt: conv.updatedAt,
    instances: conv.instances.length,
    turns: conv.turns.length,
    blind: conv.blind,
  };
}

export class LocalConversationStore implements ConversationStore {
  constructor(private readonly kv: KeyValue) {}

  private readIndex(): ConversationSummary[] {
    try {
      const raw = this.kv.getItem(INDEX_KEY);
      const parsed = raw ? (JSON.parse(raw) as unknown) : [];
      return Array.isArray(parsed) ? (parsed as ConversationSummary[]) : [];
    } catch {
      return [];
    }
  }

  private write(key: string, value: string): void {
    try {
      this.kv.setItem(key, value);
    } catch (e) {
      if (e instanceof Error && /quota/i.test(`${e.name} ${e.message}`)) throw new StorageFullError();
      throw e;
    }
  }

  async list(): Promise<ConversationSummary[]> {
    return this.readIndex().sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async load(id: string): Promise<Conversation | null> {
    try {
      const raw = this.kv.getItem(ITEM_PREFIX + id);
      return raw ? revive(JSON.parse(raw) as Conversation) : null;
    } catch {
      return null;
    }
  }

  async save(conv: Conversation): Promise<void> {
    this.write(ITEM_PREFIX + conv.id, JSON.stringify(conv));
    const index = this.readIndex().filter((s) => s.id !== conv.id);
    index.push(summarize(conv));
    this.write(INDEX_KEY, JSON.stringify(index));
  }

  async remove(id: string): Promise<void> {
    this.kv.removeItem(ITEM_PREFIX + id);
    this.write(INDEX_KEY, JSON.stringify(this.readIndex().filter((s) => s.id !== id)));
  }
}

/** Small preferences (theme, last set-up) that are not conversations. */
export function readPref<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(`ollama-arena.pref.${key}`);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

export function writePref(key: string, value: unknown): void {
  try {
    localStorage.setItem(`ollama-arena.pref.${key}`, JSON.stringify(value));
  } catch {
    /* a preference that cannot be saved is not worth an error */
  }
}
