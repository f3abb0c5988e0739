// Inline SVG pictures for the run report: a timeline with a bar per data task (so parallelism,
// stragglers and retries show), and one bar split by phase. Texts are escaped by the caller's `h`.

import type { PhaseTiming, TaskSpan } from './run-report.js';
import { formatCount, formatDuration, formatRate } from './format-figures.js';

type Escape = (text: string | number) => string;

const labelWidth = 260;
const plotWidth = 640;
const rowHeight = 20;
const axisHeight = 22;
const stateColour: Record<TaskSpan['state'], string> = {
  done: '#2da44e',
  failed: '#cf222e',
  interrupted: '#bf8700',
  running: '#0969da',
  queued: '#8c959f',
};
const phaseColour = ['#0969da', '#8250df', '#bf3989', '#2da44e', '#bc4c00', '#1b7c83'];

/** Tick spacing giving at most ~8 ticks over `span` seconds: 1, 2 or 5 times a power of ten. */
function tickStep(span: number): number {
  const raw = span / 8;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

const fixed = (n: number) => Number(n.toFixed(1));

function axis(span: number, scale: (s: number) => number, y: number): string {
  const step = tickStep(span);
  const ticks: string[] = [];
  for (let s = 0; s <= span + 1e-9; s += step) {
    const x = fixed(labelWidth + scale(s));
    ticks.push(
      `<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 4}" stroke="#57606a"/><text x="${x}" y="${y + 16}" text-anchor="middle">${formatDuration(s)}</text>`,
    );
  }
  return `<line x1="${labelWidth}" y1="${y}" x2="${labelWidth + plotWidth}" y2="${y}" stroke="#57606a"/>${ticks.join('')}`;
}

function taskLabel(t: TaskSpan): string {
  return t.range === undefined ? t.table : `${t.table} [range ${t.range}]`;
}

/** A bar per task from its start to its end, coloured by its state, with its rows/s beside it. */
export function timelineSvg(spans: readonly TaskSpan[], h: Escape): string {
  if (spans.length === 0) return '';
  const span = Math.max(...spans.map((t) => t.end), 0.001);
  const scale = (s: number) => (s / span) * plotWidth;
  const height = spans.length * rowHeight + axisHeight;
  const rows = spans.map((t, i) => {
    const y = i * rowHeight;
    const x = fixed(labelWidth + scale(t.start));
    const w = Math.max(fixed(scale(t.end - t.start)), 1);
    const retries = t.retries ? `, ${t.retries} retr${t.retries === 1 ? 'y' : 'ies'}` : '';
    const figures = `${formatCount(t.rows)} rows, ${formatRate(t.rowsPerSec)} rows/s${retries}`;
    const title = `${taskLabel(t)}: ${t.state}, ${figures}, ${formatDuration(t.start)} to ${formatDuration(t.end)}`;
    const textX = fixed(Math.min(x + w + 4, labelWidth + plotWidth - 4));
    const anchor = x + w + 4 > labelWidth + plotWidth - 120 ? 'end' : 'start';
    return `<g class="task" data-state="${t.state}"><title>${h(title)}</title><text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${h(taskLabel(t))}</text><rect x="${x}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" rx="2" fill="${stateColour[t.state]}"/><text x="${textX}" y="${y + 14}" text-anchor="${anchor}" class="rate">${h(`${formatRate(t.rowsPerSec)} rows/s${retries}`)}</text></g>`;
  });
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 10}" height="${height}" font-size="11" font-family="system-ui,sans-serif" role="img" aria-label="data tasks over time">
${rows.join('\n')}
${axis(span, scale, spans.length * rowHeight)}
</svg>`;
}

/** One bar split into the phases, each as wide as its share of the run's time. */
export function phaseBarSvg(phases: readonly PhaseTiming[], h: Escape): string {
  const total = phases.reduce((n, p) => n + p.seconds, 0);
  if (phases.length === 0 || total <= 0) return '';
  const width = labelWidth + plotWidth;
  let x = 0;
  const parts = phases.map((p, i) => {
    const w = (p.seconds / total) * width;
    const label = `${p.phase} ${formatDuration(p.seconds)}${p.status === 'ok' ? '' : ` (${p.status})`}`;
    const text = w > 70 ? `<text x="${fixed(x + 4)}" y="17" fill="#fff">${h(label)}</text>` : '';
    const part = `<g class="phase" data-phase="${h(p.phase)}"><title>${h(label)}</title><rect x="${fixed(x)}" y="2" width="${Math.max(fixed(w), 1)}" height="22" fill="${phaseColour[i % phaseColour.length]}"/>${text}</g>`;
    x += w;
    return part;
  });
  return `<svg class="phases" xmlns="http://www.w3.org/2000/svg" width="${width + 10}" height="26" font-size="11" font-family="system-ui,sans-serif" role="img" aria-label="time per phase">
${parts.join('\n')}
</svg>`;
}
