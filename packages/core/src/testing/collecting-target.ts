// An in-test target endpoint that keeps rows in memory, one store per table. A write commits
// only when its batch stream ends normally (like a COPY); plan/apply record the steps.

import { testTargetCapabilities } from './test-capabilities.js';
import { FerryError } from '../errors.js';
import { qualifiedName, type SchemaModel, type Table } from '../model/schema-model.js';
import type { Batch, Row } from '../pipeline/batch.js';
import { keyRangeFilter } from '../plugins/key-range.js';
import type { PlanStep, TargetEndpoint, TargetPlan, TargetPlanOptions } from '../plugins/endpoint.js';

export interface StoredTable {
  columns: string[];
  rows: Row[];
}

export interface CollectingTarget extends TargetEndpoint {
  /** Committed rows per target table (`schema.name`). */
  readonly tables: Map<string, StoredTable>;
  /** Steps passed to `apply`, in order. */
  readonly applied: PlanStep[];
  /** Committed rows of a table (empty when none). */
  rows(table: string): Row[];
}

export function collectingTarget(): CollectingTarget {
  const tables = new Map<string, StoredTable>();
  const applied: PlanStep[] = [];

  const stored = (table: Table) => tables.get(qualifiedName(table));
  return {
    name: 'memory',
    capabilities: testTargetCapabilities,
    inProcess: true,
    tables,
    applied,
    rows: (table) => tables.get(table)?.rows ?? [],

    async plan(model: SchemaModel, options: TargetPlanOptions): Promise<TargetPlan> {
      return { steps: memoryPlanSteps(model, options), actionItems: [] };
    },

    async apply(step) {
      applied.push(step);
      if (step.kind === 'table') tables.set(step.object, { columns: [], rows: [] });
      if (step.kind === 'truncate') tables.get(step.object)?.rows.splice(0);
    },

    async write(table, batches: AsyncIterable<Batch>, options) {
      const pending: Row[] = [];
      let bytes = 0;
      for await (const batch of batches) {
        if (options.signal?.aborted) throw options.signal.reason;
        for (const row of batch.rows) pending.push(row);
        bytes += batch.bytes;
        options.onProgress?.(pending.length, bytes);
      }
      const name = qualifiedName(table);
      const store = tables.get(name) ?? { columns: options.columns, rows: [] };
      if (store.rows.length && store.columns.join() !== options.columns.join()) {
        throw new FerryError(
          `columns ${options.columns.join(', ')} differ from the stored ${store.columns.join(', ')}`,
          { where: name },
        );
      }
      store.columns = options.columns;
      for (const row of pending) store.rows.push(row);
      tables.set(name, store);
      return { rows: pending.length, bytes };
    },

    async count(table, range) {
      const s = stored(table);
      if (!s) return 0;
      const keep = keyRangeFilter(table, s.columns, range);
      return s.rows.filter(keep).length;
    },

    async *read(table, options) {
      const s = stored(table);
      if (!s) return;
      const keep = keyRangeFilter(table, s.columns, options.range);
      const pick = options.columns.map((c) => {
        const i = s.columns.indexOf(c);
        if (i < 0) throw new FerryError(`no stored column ${c}`, { where: `${qualifiedName(table)}.${c}` });
        return i;
      });
      let rows: Row[] = [];
      for (const row of s.rows) {
        if (!keep(row)) continue;
        rows.push(pick.map((i) => row[i]));
        if (rows.length >= options.batchRows) {
          yield { rows, bytes: 0 };
          rows = [];
        }
      }
      if (rows.length) yield { rows, bytes: 0 };
    },

    async close() {},
  };
}

/** Readable pseudo-SQL steps for a model: what a real target would do, in phase order. */
export function memoryPlanSteps(model: SchemaModel, options: TargetPlanOptions): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const schema of model.schemas) {
    steps.push({
      id: `schema:${schema}`,
      phase: 'pre-data',
      kind: 'schema',
      object: schema,
      statements: [`CREATE SCHEMA IF NOT EXISTS ${schema}`],
    });
  }
  for (const t of model.tables) {
    const name = qualifiedName(t);
    const prep = options.prep(t);
    const columns = t.columns
      .map((c) => `${c.name} ${c.nativeType}${c.nullable ? '' : ' NOT NULL'}`)
      .join(', ');
    if (prep === 'drop-and-create') {
      steps.push({
        id: `table:${name}`,
        phase: 'pre-data',
        kind: 'table',
        object: name,
        statements: [`DROP TABLE IF EXISTS ${name}`, `CREATE TABLE ${name} (${columns})`],
        dependsOn: [`schema:${t.schema}`],
        requires: [`schema:${t.schema}`],
        prepares: [name],
      });
    } else if (prep === 'truncate') {
      steps.push({
        id: `truncate:${name}`,
        phase: 'pre-data',
        kind: 'truncate',
        object: name,
        prepares: [name],
        statements: [`TRUNCATE ${name}`],
      });
    }
    if (t.primaryKey) {
      steps.push({
        id: `primary-key:${name}`,
        phase: 'post-data',
        kind: 'primary-key',
        object: name,
        requires: [`table:${name}`],
        statements: [
          `ALTER TABLE ${name} ADD CONSTRAINT ${t.primaryKey.name} PRIMARY KEY (${t.primaryKey.columns.join(', ')})`,
        ],
      });
    }
    for (const fk of t.foreignKeys) {
      steps.push({
        id: `foreign-key:${name}.${fk.name}`,
        phase: 'post-data',
        kind: 'foreign-key',
        object: name,
        statements: [
          `ALTER TABLE ${name} ADD CONSTRAINT ${fk.name} FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${qualifiedName(fk.references)} (${fk.references.columns.join(', ')})`,
        ],
        requires: [`table:${name}`, `primary-key:${qualifiedName(fk.references)}`],
      });
    }
  }
  for (const v of model.views) {
    steps.push({
      id: `view:${qualifiedName(v)}`,
      phase: 'post-data',
      kind: 'view',
      object: qualifiedName(v),
      statements: [v.definition],
    });
  }
  for (const r of model.routines) {
    steps.push({
      id: `routine:${qualifiedName(r)}`,
      phase: 'post-data',
      kind: 'routine',
      object: qualifiedName(r),
      statements: [r.definition],
    });
  }
  for (const t of model.triggers) {
    steps.push({
      id: `trigger:${qualifiedName(t)}`,
      phase: 'post-data',
      kind: 'trigger',
      object: qualifiedName(t),
      statements: [t.definition],
    });
  }
  return steps;
}
