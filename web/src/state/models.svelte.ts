// Health of the arena server and Ollama, the installed models, and the model manager's
// downloads and deletions: the first layer of the application state (app.svelte.ts), which
// needs nothing from the others but a way to show a toast.
import * as api from '../lib/api';
import { type Toast, errorText } from './messages';

export interface HealthState {
  ok: boolean | null;
  message: string;
  models: number;
}

export abstract class ModelsState {
  models = $state<api.ModelDetails[]>([]);
  modelsLoaded = $state(false);
  modelsError = $state<string | null>(null);
  health = $state<HealthState>({ ok: null, message: '', models: 0 });

  private healthTimer: ReturnType<typeof setTimeout> | null = null;

  abstract toast(text: string, kind?: Toast['kind'], ms?: number): void;

  // ---- health and models -------------------------------------------------------------

  async checkHealth(): Promise<void> {
    if (this.healthTimer) clearTimeout(this.healthTimer);
    this.healthTimer = null;
    try {
      const h = await api.getHealth();
      const ok = h.status === 'healthy';
      this.health = { ok, message: ok ? '' : h.details ?? 'Ollama is not reachable', models: h.models_available };
      if (ok && (this.modelsError || !this.modelsLoaded)) void this.loadModels();
    } catch (e) {
      this.health = { ok: false, message: `The arena server did not answer (${errorText(e)})`, models: 0 };
    }
    // While unhealthy, look again every few seconds so the banner goes away by itself.
    if (!this.health.ok) this.healthTimer = setTimeout(() => void this.checkHealth(), 5000);
  }

  async loadModels(): Promise<void> {
    try {
      const { details } = await api.getModels();
      this.models = details;
      this.modelsError = null;
    } catch (e) {
      this.modelsError = errorText(e);
      if (e instanceof api.ApiError && e.status === 502) {
        this.health = { ok: false, message: e.full, models: 0 };
        if (!this.healthTimer) this.healthTimer = setTimeout(() => void this.checkHealth(), 5000);
      }
    } finally {
      this.modelsLoaded = true;
    }
  }

  // ---- model manager -----------------------------------------------------------------

  /** Downloads this page knows of, by model name (from the pull status API). */
  pulls = $state<Record<string, api.PullState>>({});
  private polling = new Set<string>();

  async startPull(model: string): Promise<void> {
    const name = model.trim();
    if (!name) return;
    this.pulls[name] = { model: name, status: 'starting', completed: 0, total: 0, percent: 0, error: '', done: false };
    try {
      await api.pullModel(name);
      void this.pollPull(name);
    } catch (e) {
      this.pulls[name] = { ...this.pulls[name], status: 'error', error: errorText(e), done: true };
    }
  }

  /** Shows downloads started earlier (another tab, before a reload) that still run. */
  async resumePulls(): Promise<void> {
    try {
      for (const p of await api.listPulls()) {
        if (p.done && !this.pulls[p.model]) continue;
        this.pulls[p.model] = p;
        if (!p.done) void this.pollPull(p.model);
      }
    } catch {
      /* an older server without /api/pulls: nothing to resume */
    }
  }

  private async pollPull(model: string): Promise<void> {
    if (this.polling.has(model)) return;
    this.polling.add(model);
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        let st: api.PullState;
        try {
          st = await api.pullStatus(model);
        } catch (e) {
          this.pulls[model] = { ...this.pulls[model], status: 'error', error: errorText(e), done: true };
          return;
        }
        // Percent never goes backwards on the server; keep it monotonic here too.
        const prev = this.pulls[model];
        this.pulls[model] = { ...st, percent: Math.max(st.percent, prev && !prev.done ? prev.percent : 0) };
        if (st.done) {
          if (st.status === 'success' && !st.error) {
            this.toast(`${model} is installed`, 'success');
            await this.loadModels();
          }
          return;
        }
      }
    } finally {
      this.polling.delete(model);
    }
  }

  dismissPull(model: string): void {
    delete this.pulls[model];
  }

  async deleteModel(model: string): Promise<boolean> {
    try {
      await api.deleteModel(model);
      this.toast(`${model} was deleted`, 'success');
      delete this.pulls[model];
      await this.loadModels();
      return true;
    } catch (e) {
      this.toast(`Could not delete ${model}: ${errorText(e)}`, 'error', 6000);
      return false;
    }
  }

  modelDetails(name: string): api.ModelDetails | undefined {
    return this.models.find((m) => m.name === name);
  }
}
