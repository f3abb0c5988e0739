import { describe, expect, it } from 'vitest';
import { buildPlan } from '../src/plan/build-plan.js';
import { formatPlan } from '../src/plan/format-plan.js';
import { sqlFileText } from '../src/plan/sql-file-name.js';
import { emptyModel, type SchemaModel, type View } from '../src/model/schema-model.js';
import type { PlanStep, TargetPlan } from '../src/plugins/endpoint.js';
import { generatorSource, identityMapping } from '../src/testing/index.js';
import { readPath } from '../src/pipeline/read-path.js';

const step = (
  id: string,
  phase: PlanStep['phase'],
  kind: string,
  object: string,
  extra: Partial<PlanStep> = {},
): PlanStep => ({
  id,
  phase,
  kind,
  object,
  statements: [`-- ${id}`],
  ...extra,
});
const view = (name: string, dependsOn: string[] = []): View => ({
  schema: 'app',
  name,
  definition: `CREATE VIEW app.${name} AS SELECT 1`,
  dialect: 'postgres',
  dependsOn: dependsOn.map((d) => ({ schema: 'app', name: d })),
});

async function plan(model: SchemaModel, steps: PlanStep[]) {
  const targetPlan: TargetPlan = { steps, actionItems: [] };
  return buildPlan({ mappings: [], targetModel: model, targetPlan, source: {} });
}

describe('buildPlan', () => {
  it('keeps pre-data and post-data apart and honours explicit step dependencies', async () => {
    const p = await plan(emptyModel(), [
      step('fk:b', 'post-data', 'foreign-key', 'app.b', { dependsOn: ['pk:a'] }),
      step('table:a', 'pre-data', 'table', 'app.a', { dependsOn: ['schema:app'] }),
      step('pk:a', 'post-data', 'primary-key', 'app.a'),
      step('schema:app', 'pre-data', 'schema', 'app'),
    ]);
    expect(p.preData.map((s) => s.id)).toEqual(['schema:app', 'table:a']);
    expect(p.postData.map((s) => s.id)).toEqual(['pk:a', 'fk:b']);
    expect(p.actionItems).toEqual([]);
  });

  it('orders views and routines by their dependencies, across kinds', async () => {
    const model = emptyModel();
    model.views = [view('v_a', ['v_b']), view('v_b', ['f'])];
    model.routines = [
      {
        schema: 'app',
        name: 'f',
        definition: 'CREATE FUNCTION app.f()',
        dialect: 'postgres',
        kind: 'scalar-function',
      },
    ];
    const p = await plan(model, [
      step('view:a', 'post-data', 'view', 'app.v_a'),
      step('view:b', 'post-data', 'view', 'app.v_b'),
      step('routine:f', 'post-data', 'routine', 'app.f'),
    ]);
    expect(p.postData.map((s) => s.id)).toEqual(['routine:f', 'view:b', 'view:a']);
  });

  it('orders independent objects of one kind by name, whatever the input order', async () => {
    const model = emptyModel();
    model.views = [view('zeta'), view('alpha'), view('mid')];
    const p = await plan(model, [
      step('v:zeta', 'post-data', 'view', 'app.zeta'),
      step('v:mid', 'post-data', 'view', 'app.mid'),
      step('v:alpha', 'post-data', 'view', 'app.alpha'),
    ]);
    expect(p.postData.map((s) => s.object)).toEqual(['app.alpha', 'app.mid', 'app.zeta']);
  });

  it('orders a long dependency chain given in the wrong order', async () => {
    const model = emptyModel();
    // v0 depends on v1, v1 on v2, ... v299 on nothing: creation order is v299 ... v0.
    const names = Array.from({ length: 300 }, (_, i) => `v${i}`);
    model.views = names.map((n, i) => view(n, i < names.length - 1 ? [names[i + 1]] : []));
    const p = await plan(
      model,
      names.map((n) => step(`view:${n}`, 'post-data', 'view', `app.${n}`)),
    );
    expect(p.postData.map((s) => s.object)).toEqual([...names].reverse().map((n) => `app.${n}`));
  });

  it('turns a dependency cycle into an action item and still plans every object once', async () => {
    const model = emptyModel();
    model.views = [view('x', ['y']), view('y', ['x']), view('z', ['x'])];
    const p = await plan(model, [
      step('v:z', 'post-data', 'view', 'app.z'),
      step('v:y', 'post-data', 'view', 'app.y'),
      step('v:x', 'post-data', 'view', 'app.x'),
    ]);
    expect(p.postData.map((s) => s.object)).toEqual(['app.x', 'app.y', 'app.z']);
    expect(p.actionItems).toHaveLength(1);
    expect(p.actionItems[0]).toMatchObject({ code: 'DEPENDENCY_CYCLE', severity: 'high' });
    expect(p.actionItems[0].message).toContain('app.x -> app.y -> app.x');
  });

  it('splits a table into data tasks per key range when the mapping asks for ranges', async () => {
    const source = generatorSource({
      tables: [
        { schema: 'dbo', name: 'Big', rows: 1_000 },
        { schema: 'dbo', name: 'Small', rows: 10 },
      ],
    });
    const { model } = await source.introspect();
    const [big, small] = model.tables;
    const p = await buildPlan({
      mappings: [
        identityMapping(big, { targetSchema: 'app', ranges: 4 }),
        identityMapping(small, { targetSchema: 'app' }),
      ],
      targetModel: emptyModel(),
      targetPlan: { steps: [], actionItems: [] },
      source,
    });
    expect(p.data.map((t) => t.id)).toEqual([
      'app.Big#0',
      'app.Big#1',
      'app.Big#2',
      'app.Big#3',
      'app.Small',
    ]);
    expect(p.data[0]).toMatchObject({ source: 'dbo.Big', target: 'app.Big', rowEstimate: 250 });
    expect(p.data[1].range).toEqual({ index: 1, key: ['id'], lower: [251], upper: [501] });
    expect(p.data[4]).toEqual({
      id: 'app.Small',
      source: 'dbo.Small',
      target: 'app.Small',
      range: undefined,
      rowEstimate: 10,
    });
    // A data task is plain data: it survives a JSON round trip.
    expect(JSON.parse(JSON.stringify(p.data[1]))).toEqual(p.data[1]);
  });

  it('uses the ranges given by rangesFor (e.g. of a resumed run) instead of asking the source', async () => {
    const source = generatorSource({ tables: [{ schema: 'dbo', name: 'T', rows: 100 }] });
    const { model } = await source.introspect();
    const p = await buildPlan({
      mappings: [identityMapping(model.tables[0], { ranges: 8 })],
      targetModel: emptyModel(),
      targetPlan: { steps: [], actionItems: [] },
      source,
      rangesFor: () => [
        { index: 0, key: ['id'], upper: [40] },
        { index: 1, key: ['id'], lower: [40] },
      ],
    });
    expect(p.data.map((t) => t.id)).toEqual(['dbo.T#0', 'dbo.T#1']);
  });
});

describe('formatPlan', () => {
  it('prints every statement of every phase, the data tasks with their ranges, and the action items', async () => {
    const source = generatorSource({ tables: [{ schema: 'dbo', name: 'T', rows: 100 }] });
    const { model } = await source.introspect();
    const p = await buildPlan({
      mappings: [identityMapping(model.tables[0], { targetSchema: 'app', ranges: 2 })],
      targetModel: emptyModel(),
      targetPlan: {
        steps: [
          { id: 's', phase: 'pre-data', kind: 'schema', object: 'app', statements: ['CREATE SCHEMA app'] },
          {
            id: 't',
            phase: 'pre-data',
            kind: 'table',
            object: 'app.T',
            statements: ['DROP TABLE IF EXISTS app.T;', 'CREATE TABLE app.T (id integer)'],
          },
          {
            id: 'pk',
            phase: 'post-data',
            kind: 'primary-key',
            object: 'app.T',
            statements: ['ALTER TABLE app.T ADD PRIMARY KEY (id)'],
          },
        ],
        actionItems: [
          {
            code: 'TYPE_HIERARCHYID',
            severity: 'medium',
            object: 'app.T.node',
            message: 'hierarchyid kept as text',
          },
        ],
      },
      source,
    });
    const text = formatPlan(p);
    const lines = text.split('\n');
    for (const sql of [
      'CREATE SCHEMA app;',
      'DROP TABLE IF EXISTS app.T;',
      'CREATE TABLE app.T (id integer);',
      'ALTER TABLE app.T ADD PRIMARY KEY (id);',
    ]) {
      expect(lines).toContain(sql);
    }
    expect(text.indexOf('pre-data')).toBeLessThan(text.indexOf('-- copy app.T'));
    expect(text.indexOf('-- copy app.T')).toBeLessThan(text.indexOf('post-data'));
    expect(lines).toContain(
      '-- copy app.T <- dbo.T, range 0 (id < 51), ~50 rows, value path (the source has no fast path)',
    );
    expect(lines).toContain(
      '-- copy app.T <- dbo.T, range 1 (id >= 51), ~50 rows, value path (the source has no fast path)',
    );
    expect(text).toContain('medium TYPE_HIERARCHYID app.T.node: hierarchyid kept as text');
    // A table the target puts elsewhere (PostgreSQL's schema option) is copied into that place.
    expect(formatPlan(p, (t) => t.replace(/^app\./, 'northwind.'))).toContain(
      '-- copy northwind.T <- dbo.T, range 0 (id < 51), ~50 rows',
    );
  });

  it('says when data tasks share worker threads (more at once than CPU cores), and only then', async () => {
    const source = generatorSource({ tables: [{ schema: 'dbo', name: 'T', rows: 100 }] });
    const { model } = await source.introspect();
    const mapping = identityMapping(model.tables[0], { ranges: 4 });
    const empty = { steps: [], actionItems: [] };
    const p = await buildPlan({ mappings: [mapping], targetModel: emptyModel(), targetPlan: empty, source });
    expect(formatPlan(p, undefined, { tasks: 4, threads: 2 })).toContain(
      '-- ==== data: 4 tasks, 4 at a time on 2 worker threads (at most one per CPU core; up to 2 tasks on each) ====',
    );
    expect(formatPlan(p, undefined, { tasks: 2, threads: 2 })).toContain('-- ==== data: 4 tasks ====');
    expect(formatPlan(p)).toContain('-- ==== data: 4 tasks ====');
  });
});

describe('readPath: which path a table takes', () => {
  const both = {
    source: {
      binaryReadProblem: (_t: unknown, cols: readonly string[]) =>
        cols.includes('x') ? 'x is xml' : undefined,
    },
    target: { binaryWriteProblem: () => undefined },
  };

  it('is the fast path when both endpoints take every column and no user code sees the rows', async () => {
    const { model } = await generatorSource({ tables: [{ schema: 'dbo', name: 'T', rows: 1 }] }).introspect();
    const mapping = identityMapping(model.tables[0]);
    expect(readPath(mapping, both.source, both.target)).toEqual({ kind: 'fast' });
    expect(readPath(mapping, both.source, both.target, false)).toEqual({
      kind: 'value',
      reason: 'load.fastPath is false',
    });
  });

  it('says why a table takes the value path', async () => {
    const { model } = await generatorSource({ tables: [{ schema: 'dbo', name: 'T', rows: 1 }] }).introspect();
    const mapping = identityMapping(model.tables[0]);
    expect(readPath({ ...mapping, transform: (r) => r }, both.source, both.target)).toEqual({
      kind: 'value',
      reason: 'a row transform sees every row',
    });
    const added = { ...mapping, columns: [...mapping.columns, { target: 'k', constant: 1 }] };
    expect(readPath(added, both.source, both.target)).toEqual({
      kind: 'value',
      reason: 'column k is added (computed or constant)',
    });
    const xml = { ...mapping, columns: [...mapping.columns, { source: 'x', target: 'x' }] };
    expect(readPath(xml, both.source, both.target)).toEqual({ kind: 'value', reason: 'x is xml' });
    expect(readPath(mapping, both.source, {})).toEqual({
      kind: 'value',
      reason: 'the target has no fast path',
    });
  });
});

describe('sqlFileText', () => {
  it('keeps an action item whose text spans lines inside its comment, so the file still runs', () => {
    const text = sqlFileText(
      step('v', 'post-data', 'view', 'app.v', {
        statements: ['CREATE VIEW app.v AS SELECT 1'],
        actionItems: [
          {
            severity: 'high',
            code: 'X_PATH',
            object: 'app.v',
            message: 'nodes(\'declare namespace a="urn:a";\n    /a:Root\') is not converted',
            suggestion: 'rewrite it\nby hand',
          },
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      '-- post-data view app.v',
      '-- ACTION high X_PATH: nodes(\'declare namespace a="urn:a"; /a:Root\') is not converted (suggestion: rewrite it by hand)',
      'CREATE VIEW app.v AS SELECT 1;',
      '',
    ]);
  });
});
