// Renders a plan as readable text for `ferry plan`: every SQL statement of every phase,
// the data tasks with their key ranges, and the action items.

import type { PlanStep } from '../plugins/endpoint.js';
import { formatRange } from '../pipeline/data-task.js';
import type { Plan } from './build-plan.js';
import { plural } from '../report/format-figures.js';
import { commentLine } from './sql-file-name.js';

/** How many data tasks run at once, on how many threads. */
export interface PlanLanes {
  tasks: number;
  threads: number;
}

/**
 * How tasks share worker threads: `load.parallelism` is the tasks at once, not the threads, which are
 * at most one per CPU core (see run/task-workers/thread-count.ts).
 */
export function sharedThreads(lanes: PlanLanes): string {
  const each = Math.ceil(lanes.tasks / lanes.threads);
  return `${lanes.tasks} at a time on ${plural(lanes.threads, 'worker thread')} (at most one per CPU core; up to ${each} tasks on each)`;
}

/**
 * `named`: a target-model table as the text names it (where the target puts it). `lanes`: said when
 * tasks share threads (worker threads are one per CPU core at most).
 */
export function formatPlan(
  plan: Plan,
  named: (table: string) => string = (t) => t,
  lanes?: PlanLanes,
): string {
  const out: string[] = [];
  const phase = (title: string, steps: PlanStep[]) => {
    out.push(`-- ==== ${title}: ${plural(steps.length, 'step')} ====`, '');
    for (const step of steps) {
      out.push(
        `-- ${step.kind} ${step.object}${step.dependsOn?.length ? ` (after ${step.dependsOn.join(', ')})` : ''}`,
      );
      for (const item of step.actionItems ?? [])
        out.push(commentLine(`-- ACTION ${item.severity} ${item.code}: ${item.message}`));
      for (const sql of step.statements) out.push(terminate(sql));
      out.push('');
    }
  };
  phase('pre-data', plan.preData);
  const shared = lanes && lanes.threads < lanes.tasks ? `, ${sharedThreads(lanes)}` : '';
  out.push(`-- ==== data: ${plural(plan.data.length, 'task')}${shared} ====`, '');
  for (const task of plan.data) {
    const into = named(task.target);
    const from = task.source === into ? '' : ` <- ${task.source}`;
    const estimate = task.rowEstimate > 0 ? `, ~${task.rowEstimate} rows` : '';
    const path = plan.readPaths[task.target];
    const how = !path ? '' : path.kind === 'fast' ? ', fast path' : `, value path (${path.reason})`;
    out.push(`-- copy ${into}${from}, ${formatRange(task.range)}${estimate}${how}`);
  }
  out.push('');
  phase('post-data', plan.postData);
  if (plan.actionItems.length) {
    out.push(`-- ==== action items: ${plan.actionItems.length} ====`);
    for (const a of plan.actionItems) {
      out.push(
        commentLine(
          `-- ${a.severity} ${a.code} ${a.object}: ${a.message}${a.suggestion ? ` (suggestion: ${a.suggestion})` : ''}`,
        ),
      );
    }
  }
  return out.join('\n').trimEnd() + '\n';
}

function terminate(sql: string): string {
  const text = sql.trimEnd();
  return text.endsWith(';') ? text : `${text};`;
}
