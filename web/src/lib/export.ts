// Conversation export as JSON and Markdown. While a blind conversation is unrevealed the
// export names models only by label (no model names, instance ids or settings, which could
// give them away) and the file name ends in _blind; after the reveal the mapping is included.
import {
  type Answer,
  type Conversation,
  displayName,
  letterOf,
  masked,
  orderedInstances,
  redact,
  tallies,
} from './conversation';
import { chipLabel, pickParams, type Instance } from './instances';
import { formatRate, formatSeconds, slug, stamp } from './format';
import type { FinalMetrics } from './stream';

export const EXPORT_FORMAT = 'ollama-arena.conversation';
export const EXPORT_VERSION = 1;

interface ExportedInstance {
  label: string;
  model?: string;
  instance_id?: string;
  settings?: ReturnType<typeof pickParams>;
}

interface ExportedAnswer {
  label: string;
  model?: string;
  instance_id?: string;
  text: string;
  status: Answer['status'];
  error?: string;
  feedback?: 'up' | 'down';
  metrics?: FinalMetrics;
}

export interface ExportedConversation {
  format: typeof EXPORT_FORMAT;
  version: number;
  exported_at: string;
  title: string;
  created_at: string;
  blind: boolean;
  revealed: boolean;
  names_masked: boolean;
  system: string;
  instances: ExportedInstance[];
  turns: Array<{
    index: number;
    at: string;
    user: string;
    answers: ExportedAnswer[];
    verdict: { kind: 'best'; label: string; model?: string } | { kind: 'tie' } | { kind: 'all_bad' } | null;
  }>;
  tallies: {
    per_instance: Array<{ label: string; model?: string; up: number; down: number; best: number }>;
    ties: number;
    all_bad: number;
    turns_voted: number;
  };
  /** Label -> identity; present once names may be shown (revealed, or never blind). */
  mapping?: Record<string, { model: string; instance_id: string; settings: ReturnType<typeof pickParams> }>;
}

function labelOf(conv: Conversation, id: string): string {
  return `Model ${letterOf(conv, id)}`;
}

function identity(conv: Conversation, inst: Instance | undefined): { model?: string; instance_id?: string } {
  if (!inst || masked(conv)) return {};
  return { model: inst.model, instance_id: inst.id };
}

export function toExportObject(conv: Conversation, now = Date.now()): ExportedConversation {
  const hide = masked(conv);
  const ordered = orderedInstances(conv);
  const byId = new Map(conv.instances.map((i) => [i.id, i]));
  const t = tallies(conv);
  const out: ExportedConversation = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: new Date(now).toISOString(),
    title: conv.title,
    created_at: new Date(conv.createdAt).toISOString(),
    blind: conv.blind,
    revealed: conv.revealed,
    names_masked: hide,
    system: conv.system,
    instances: ordered.map((i) =>
      hide
        ? { label: labelOf(conv, i.id) }
        : { label: labelOf(conv, i.id), model: i.model, instance_id: i.id, settings: pickParams(i) },
    ),
    turns: conv.turns.map((turn, index) => ({
      index: index + 1,
      at: new Date(turn.at).toISOString(),
      user: turn.user,
      answers: ordered
        .filter((i) => turn.answers[i.id])
        .map((i) => {
          const a = turn.answers[i.id];
          const e: ExportedAnswer = { label: labelOf(conv, i.id), ...identity(conv, i), text: a.text, status: a.status };
          if (a.error) e.error = redact(conv, a.error);
          if (a.feedback) e.feedback = a.feedback;
          if (a.metrics) e.metrics = { ...a.metrics };
          return e;
        }),
      verdict: !turn.verdict
        ? null
        : turn.verdict.kind === 'best'
          ? { kind: 'best', label: labelOf(conv, turn.verdict.instanceId), ...(hide ? {} : { model: byId.get(turn.verdict.instanceId)?.model }) }
          : { kind: turn.verdict.kind },
    })),
    tallies: {
      per_instance: t.perInstance.map((p) => ({
        label: labelOf(conv, p.instanceId),
        ...(hide ? {} : { model: byId.get(p.instanceId)?.model }),
        up: p.up,
        down: p.down,
        best: p.best,
      })),
      ties: t.ties,
      all_bad: t.allBad,
      turns_voted: t.turnsVoted,
    },
  };
  if (!hide) {
    out.mapping = Object.fromEntries(
      ordered.map((i) => [labelOf(conv, i.id), { model: i.model, instance_id: i.id, settings: pickParams(i) }]),
    );
  }
  return out;
}

export function toJson(conv: Conversation, now = Date.now()): string {
  return `${JSON.stringify(toExportObject(conv, now), null, 2)}\n`;
}

function metricsLine(m: FinalMetrics | undefined): string {
  if (!m) return '';
  const parts = [`${m.tokens} tokens`, `${formatRate(m.tokens_per_sec)} tok/s`];
  if (m.ttft_s !== undefined) parts.push(`TTFT ${formatSeconds(m.ttft_s)}`);
  if (m.prompt_tokens !== undefined) parts.push(`${m.prompt_tokens} prompt tokens`);
  if (m.load_s !== undefined) parts.push(`load ${formatSeconds(m.load_s)}`);
  return parts.join(' · ');
}

/** Block-quotes text so a user's or model's Markdown cannot break the export's structure. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

export function toMarkdown(conv: Conversation, now = Date.now()): string {
  const hide = masked(conv);
  const ordered = orderedInstances(conv);
  const heading = (id: string) => {
    const inst = conv.instances.find((i) => i.id === id);
    if (hide || !inst) return labelOf(conv, id);
    return `${labelOf(conv, id)}: ${inst.model} (${chipLabel(inst)})`;
  };
  const lines: string[] = [];
  lines.push(`# ${conv.title}`, '');
  lines.push(`Exported from Ollama Arena on ${new Date(now).toISOString()}.`);
  if (conv.blind) lines.push(hide ? 'Blind comparison: model names are hidden until the reveal.' : 'Blind comparison, revealed.');
  lines.push('');
  lines.push('## Contestants', '');
  for (const i of ordered) lines.push(`- ${heading(i.id)}`);
  lines.push('');
  if (conv.system.trim()) lines.push('## System prompt', '', quote(conv.system), '');
  conv.turns.forEach((turn, idx) => {
    lines.push(`## Turn ${idx + 1}`, '', '**User**', '', quote(turn.user), '');
    for (const i of ordered) {
      const a = turn.answers[i.id];
      if (!a) continue;
      lines.push(`### ${hide ? labelOf(conv, i.id) : `${labelOf(conv, i.id)}: ${i.model}`}`, '');
      lines.push(a.text || '_(no text)_', '');
      const notes: string[] = [];
      const m = metricsLine(a.metrics);
      if (m) notes.push(m);
      if (a.status === 'stopped') notes.push('stopped');
      if (a.status === 'error') notes.push(`error: ${redact(conv, a.error ?? 'unknown')}`);
      if (a.feedback) notes.push(a.feedback === 'up' ? '👍' : '👎');
      if (notes.length) lines.push(`_${notes.join(' · ')}_`, '');
    }
    const v = turn.verdict;
    if (v) {
      const text = v.kind === 'best' ? `best: ${displayName(conv, v.instanceId) === labelOf(conv, v.instanceId) ? labelOf(conv, v.instanceId) : `${labelOf(conv, v.instanceId)} (${displayName(conv, v.instanceId)})`}` : v.kind === 'tie' ? 'tie' : 'all bad';
      lines.push(`**Vote:** ${text}`, '');
    }
  });
  const t = tallies(conv);
  if (t.turnsVoted > 0 || t.perInstance.some((p) => p.up || p.down)) {
    lines.push('## Tallies', '', '| Contestant | Best | 👍 | 👎 |', '| --- | --- | --- | --- |');
    for (const p of t.perInstance) lines.push(`| ${heading(p.instanceId).replace(/\|/g, '\\|')} | ${p.best} | ${p.up} | ${p.down} |`);
    lines.push('', `Ties: ${t.ties} · All bad: ${t.allBad}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function exportFilename(conv: Conversation, ext: 'json' | 'md', now = Date.now()): string {
  return `arena-${slug(conv.title)}-${stamp(now)}${masked(conv) ? '_blind' : ''}.${ext}`;
}
