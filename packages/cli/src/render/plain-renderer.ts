// Plain line output (no TTY, --no-color or CI): one line per phase, task, validated table and warning
// (steps with --verbose); progress lines of a task at most once a second. Action items are summed
// up by the command at the end.

import {
  failedObjectText,
  formatBytes,
  formatCount,
  formatDuration,
  formatRate,
  type RunEvent,
} from '@ferry/core';
import type { Output } from '../output.js';
import type { Renderer } from './renderer.js';
import { cutoverText, replicationText } from './replication-text.js';

const progressIntervalMs = 1000;

export function createPlainRenderer(out: Output): Renderer {
  const lastProgress = new Map<string, number>();
  const onEvent = (e: RunEvent) => {
    switch (e.type) {
      case 'phase-start':
        out.line(
          `${e.phase}: started${e.dryRun ? ' (dry run: nothing is executed)' : ''}${e.tasks ? ` (${e.tasks.length} tasks)` : ''}`,
        );
        break;
      case 'phase-end':
        out.line(
          `${e.phase}: ${e.status} in ${formatDuration(e.seconds)}${e.detail ? ` - ${e.detail}` : ''}`,
        );
        break;
      case 'step':
        if (out.verbose && e.status !== 'failed' && e.status !== 'skipped')
          out.line(`${e.phase}: ${e.kind} ${e.object} ${e.status}`);
        break;
      case 'object-failed':
        out.line(`${e.failure.phase}: ${failedObjectText(e.failure)}`);
        break;
      case 'task-start':
        lastProgress.set(e.task, Date.now());
        out.line(`data: ${taskName(e)} started`);
        break;
      case 'task-progress': {
        const now = Date.now();
        if (now - (lastProgress.get(e.task) ?? 0) < progressIntervalMs) break;
        lastProgress.set(e.task, now);
        const eta = e.etaSeconds === undefined ? '' : `ETA ${formatDuration(e.etaSeconds)}`;
        out.line(
          `data: ${taskName(e)} ${formatCount(e.rows)} rows, ${formatRate(e.rowsPerSecond)} rows/s${eta ? `, ${eta}` : ''}`,
        );
        break;
      }
      case 'task-end':
        out.line(
          `data: ${taskName(e)} ${e.status}: ${formatCount(e.rows)} rows, ${formatBytes(e.bytes)} in ${formatDuration(e.seconds)}` +
            (e.error ? ` - ${e.error}` : ''),
        );
        break;
      case 'validation': {
        const r = e.result;
        const counts = r.ranges.reduce((n, x) => ({ s: n.s + x.sourceCount, t: n.t + x.targetCount }), {
          s: 0,
          t: 0,
        });
        out.line(
          `validate: ${r.table} ${r.match ? 'match' : 'MISMATCH'} by ${r.method} (source ${formatCount(counts.s)} rows, target ${formatCount(counts.t)} rows)` +
            (r.mismatches.length ? `: ${r.mismatches.join('; ')}` : '') +
            (r.note ? ` (${r.note})` : ''),
        );
        break;
      }
      case 'warning':
        out.line(`warning: ${e.where ? `${e.where}: ` : ''}${e.message}`);
        break;
      case 'action-item':
        if (out.verbose)
          out.line(`action item: ${e.item.severity} ${e.item.code} ${e.item.object}: ${e.item.message}`);
        break;
      case 'replication': {
        const now = Date.now();
        if (now - (lastProgress.get('replicate') ?? 0) < progressIntervalMs) break;
        lastProgress.set('replicate', now);
        out.line(`replicate: ${replicationText(e)}`);
        break;
      }
      case 'cutover':
        out.line(`replicate: ${cutoverText(e)}`);
        break;
      case 'retry':
        out.line(
          `retry: ${taskName(e)} attempt ${e.attempt} failed (${e.error}); again in ${(e.delayMs / 1000).toFixed(1)} s`,
        );
        break;
    }
  };
  return { onEvent, finish: async () => {} };
}

function taskName(e: { table: string; range?: number }): string {
  return e.range === undefined ? e.table : `${e.table} [range ${e.range}]`;
}
