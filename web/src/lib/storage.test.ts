import { describe, expect, it } from 'vitest';
import { LocalConversationStore, StorageFullError, type KeyValue } from './storage';
import { sampleConversation } from './testdata';

class MapKV implements KeyValue {
  m = new Map<string, string>();
  full = false;
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.full) {
      const e = new Error('exceeded the quota');
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

describe('LocalConversationStore', () => {
  it('saves, lists newest first, loads and removes', async () => {
    const kv = new MapKV();
    const store = new LocalConversationStore(kv);
    const c1 = sampleConversation();
    c1.updatedAt = 1;
    const c2 = sampleConversation();
    c2.updatedAt = 2;
    c2.title = 'Second';
    await store.save(c1);
    await store.save(c2);
    expect((await store.list()).map((s) => s.title)).toEqual(['Second', 'Why is the sky blue?']);
    expect((await store.list())[0]).toMatchObject({ instances: 3, turns: 2, blind: false });
    const back = await store.load(c1.id);
    expect(back?.turns[0].user).toBe('Why is the sky blue?');
    await store.remove(c1.id);
    expect((await store.list()).map((s) => s.id)).toEqual([c2.id]);
    expect(await store.load(c1.id)).toBeNull();
  });

  it('re-saving replaces the summary', async () => {
    const store = new LocalConversationStore(new MapKV());
    const c = sampleConversation();
    await store.save(c);
    c.title = 'Renamed';
    await store.save(c);
    expect((await store.list()).map((s) => s.title)).toEqual(['Renamed']);
  });

  it('reports a full storage clearly', async () => {
    const kv = new MapKV();
    kv.full = true;
    await expect(new LocalConversationStore(kv).save(sampleConversation())).rejects.toBeInstanceOf(StorageFullError);
  });

  it('survives corrupt data', async () => {
    const kv = new MapKV();
    kv.setItem('ollama-arena.conversations.v1', '{nope');
    kv.setItem('ollama-arena.conversation.v1.x', '{nope');
    const store = new LocalConversationStore(kv);
    expect(await store.list()).toEqual([]);
    expect(await store.load('x')).toBeNull();
  });
});
