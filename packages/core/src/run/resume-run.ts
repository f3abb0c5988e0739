// `ferry run --resume`: finds the unfinished run a target recorded, keeps its key ranges (so task ids
// match), and checks that the source did not change under the finished tasks.

import { createHash } from 'node:crypto';
import { ExitCode, FerryError, NotSupportedError } from '../errors.js';
import { qualifiedName } from '../model/schema-model.js';
import type {
  KeyRange,
  RecordedRun,
  RecordedTask,
  SourceEndpoint,
  TargetEndpoint,
} from '../plugins/endpoint.js';
import { rowSelection, type TableMapping } from '../rules/table-mapping.js';
import type { DataTask } from '../pipeline/data-task.js';

/**
 * A fingerprint of the mapped source tables: names, columns, types and nullability, in a stable
 * order. A resumed run compares it with the one its interrupted run recorded.
 */
export function sourceFingerprint(mappings: readonly TableMapping[]): string {
  const tables = mappings
    .map((m) => ({
      table: qualifiedName(m.source),
      read: m.readColumns,
      columns: m.source.columns.map((c) => [c.name, c.type, c.nullable]),
    }))
    .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  const text = JSON.stringify(tables, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return createHash('sha256').update(text).digest('hex');
}

/** The target's unfinished run, or a clear error when there is none or the target keeps no state. */
export async function unfinishedRun(target: TargetEndpoint): Promise<RecordedRun> {
  if (!target.checkpoints) {
    throw new NotSupportedError(`--resume with the ${target.name} target (it keeps no checkpoints)`, {
      hint: 'run again without --resume',
      exitCode: ExitCode.usage,
    });
  }
  const run = await target.checkpoints.unfinished();
  if (!run) {
    throw new FerryError('nothing to resume: the target has no unfinished Ferry run', {
      code: 'RESUME_NOTHING',
      where: `${target.name} state (ferry.runs)`,
      exitCode: ExitCode.usage,
      hint: 'run without --resume to load everything',
    });
  }
  return run;
}

/**
 * The key ranges the interrupted run used for a table, so resumed tasks get the same ids; `[]`
 * for a table it loaded whole.
 */
export function recordedRanges(run: RecordedRun): (mapping: TableMapping) => KeyRange[] | undefined {
  return (mapping) => {
    const tasks = run.tasks.filter((t) => t.target === qualifiedName(mapping.target));
    if (!tasks.length) return undefined;
    return tasks.flatMap((t) => (t.range ? [t.range] : [])).sort((a, b) => a.index - b.index);
  };
}

/** Checks that the resumed plan has the same tasks as the interrupted run. */
export function checkSameTasks(run: RecordedRun, tasks: readonly DataTask[]): void {
  const recorded = new Set(run.tasks.map((t) => t.taskId));
  const extra = tasks.filter((t) => !recorded.has(t.id)).map((t) => t.id);
  const planned = new Set(tasks.map((t) => t.id));
  const missing = run.tasks.filter((t) => !planned.has(t.taskId)).map((t) => t.taskId);
  if (!extra.length && !missing.length) return;
  const parts = [
    ...(extra.length ? [`not in it: ${extra.join(', ')}`] : []),
    ...(missing.length ? [`no longer planned: ${missing.join(', ')}`] : []),
  ];
  throw new FerryError(
    `the config's tables differ from the interrupted run ${run.runId} (${parts.join('; ')})`,
    {
      code: 'RESUME_PLAN_CHANGED',
      exitCode: ExitCode.usage,
      hint: 'resume with the config the run started with, or run without --resume to start over',
    },
  );
}

/**
 * What changed in the source since the interrupted run: the fingerprint of the mapped tables, and
 * the row count of each finished task (tables without a row transform) against the rows it loaded.
 */
export async function sourceChanges(
  run: RecordedRun,
  fingerprint: string,
  mappings: readonly TableMapping[],
  source: SourceEndpoint,
): Promise<string[]> {
  const changes: string[] = [];
  if (run.fingerprint !== fingerprint)
    changes.push('the schema of the mapped source tables changed (columns, types or nullability)');
  for (const task of run.tasks.filter((t: RecordedTask) => t.state === 'done')) {
    const mapping = mappings.find((m) => qualifiedName(m.target) === task.target);
    if (!mapping || mapping.transform) continue;
    const now = await source.count(mapping.source, task.range, rowSelection(mapping));
    const loaded = task.rows + task.rejected;
    if (now !== loaded)
      changes.push(
        `${task.taskId}: the source now has ${now} rows in this finished range, ${loaded} were loaded`,
      );
  }
  return changes;
}
