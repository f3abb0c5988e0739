// The package `ferry init --plugin <name> [--kind source|target]` writes: `ferry-plugin-<name>`, an
// endpoint on @ferry/core's public plugin API that works as written (a target writing JSON lines, or
// a source serving tables declared in its options), with a vitest test against core's test endpoints.

export type PluginKind = 'source' | 'target';

export interface PluginTemplate {
  /** `ferry-plugin-<name>`: the package and folder name. */
  packageName: string;
  /** Relative path -> text. */
  files: Record<string, string>;
}

/** A plugin name: lower-case letters, digits and dashes, starting with a letter (npm and identifiers both take it). */
export const pluginNamePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function pluginTemplate(name: string, kind: PluginKind, ferryVersion: string): PluginTemplate {
  const packageName = `ferry-plugin-${name}`;
  const factory = `${camel(name)}${kind === 'target' ? 'Target' : 'Source'}`;
  const create = `create${factory[0]!.toUpperCase()}${factory.slice(1)}`;
  const names = { name, packageName, factory, create };
  return {
    packageName,
    files: {
      'package.json': packageJson(names, kind, ferryVersion),
      'tsconfig.json': tsconfig,
      'tsconfig.build.json': tsconfigBuild,
      'src/index.ts': kind === 'target' ? targetIndex(names) : sourceIndex(names),
      [`test/${name}.test.ts`]: kind === 'target' ? targetTest(names) : sourceTest(names),
      'README.md': readme(names, kind),
      '.gitignore': 'node_modules\ndist\n',
    },
  };
}

interface Names {
  name: string;
  packageName: string;
  factory: string;
  create: string;
}

function packageJson(n: Names, kind: PluginKind, ferryVersion: string): string {
  const ferry = `^${ferryVersion}`;
  const pkg = {
    name: n.packageName,
    version: '0.1.0',
    description: `Ferry ${kind} endpoint plugin: ${n.name}`,
    type: 'module',
    keywords: ['ferry', 'ferry-plugin'],
    engines: { node: '>=20.19' },
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    types: './dist/index.d.ts',
    files: ['dist', 'README.md'],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json',
      test: 'vitest run',
      prepack: 'tsc -p tsconfig.build.json',
    },
    peerDependencies: { '@ferry/core': ferry },
    dependencies: { zod: '^4.1.0' },
    devDependencies: {
      '@ferry/core': ferry,
      '@types/node': '^20.19.0',
      typescript: '~5.9.3',
      vitest: '~3.2.4',
    },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** The editor's and `npm run typecheck`'s project: sources and tests, nothing emitted. */
const tsconfig = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      types: ['node'],
      noEmit: true,
    },
    include: ['src', 'test'],
  },
  null,
  2,
)}\n`;

/** `npm run build`: the sources to dist/, JavaScript and .d.ts. */
const tsconfigBuild = `${JSON.stringify(
  {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: false, declaration: true, rootDir: 'src', outDir: 'dist' },
    include: ['src'],
  },
  null,
  2,
)}\n`;

function targetIndex(n: Names): string {
  return `// ${n.packageName}: a Ferry target endpoint. It writes each table as JSON lines, one object per
// row keyed by column name, into \`<dir>/<schema>.<table>.jsonl\`: replace the bodies with your
// database's calls, keeping the contract each member's comment states.

import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  defineTargetPlugin,
  keyRangeFilter,
  parseValueJson,
  qualifiedName,
  reviveValueJson,
  stringifyValueJson,
  type PlanStep,
  type QualifiedName,
  type TargetCapabilities,
  type TargetEndpoint,
  type Value,
} from '@ferry/core';

export const configSchema = z.strictObject({
  /** Folder of the table files, relative to the config file. */
  dir: z.string().min(1),
});

/** What core's naming and rules need to know of the database: here, file names. */
const capabilities: TargetCapabilities = {
  product: '${n.name}',
  identifierMaxBytes: 120,
  reservedWords: new Set(),
  caseFolding: 'none',
  transactionalDdl: false,
};

export function ${n.create}(dir: string): TargetEndpoint {
  const file = (table: QualifiedName) => join(dir, \`\${qualifiedName(table)}.jsonl\`);
  return {
    name: '${n.name}',
    capabilities,

    /** The steps that create (or empty) each table before its data is loaded. */
    async plan(model, options) {
      const steps: PlanStep[] = model.tables
        .filter((t) => options.prep(t) !== 'do-nothing')
        .map((t) => ({
          id: \`pre-data:table:\${qualifiedName(t)}\`,
          phase: 'pre-data',
          kind: 'table',
          object: qualifiedName(t),
          statements: [\`create empty \${file(t)}\`],
        }));
      return { steps, actionItems: [] };
    },

    /** Runs one step (a database would run \`step.statements\`). */
    async apply(step) {
      if (step.kind !== 'table') return;
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, \`\${step.object}.jsonl\`), '');
    },

    /** Loads a table's batches (rows of values in \`options.columns\` order); commits only when they end normally. */
    async write(table, batches, options) {
      const lines: string[] = [];
      let bytes = 0;
      for await (const batch of batches) {
        if (options.signal?.aborted) throw options.signal.reason;
        for (const row of batch.rows) {
          lines.push(stringifyValueJson(Object.fromEntries(options.columns.map((c, i) => [c, row[i]]))));
        }
        bytes += batch.bytes;
        options.onProgress?.(lines.length, bytes);
      }
      await appendFile(file(table), lines.map((line) => \`\${line}\\n\`).join(''));
      return { rows: lines.length, bytes };
    },

    /** Rows of a table, or of one key range of it (validation counts per range). */
    async count(table, range) {
      const text = await readFile(file(table), 'utf8');
      const columns = table.columns.map((c) => c.name);
      const inRange = keyRangeFilter(table, columns, range);
      return text
        .split('\\n')
        .filter((line) => line !== '')
        .map((line) => reviveValueJson(parseValueJson(line)) as Record<string, Value>)
        .filter((row) => inRange(columns.map((c) => row[c] ?? null))).length;
    },

    async close() {},
  };
}

export const ${n.factory} = defineTargetPlugin({
  name: '${n.name}',
  configSchema,
  create: (config, ctx) => ${n.create}(resolve(ctx.cwd, config.dir)),
});

// What a JSON/YAML config naming the plugin by string (\`plugin: '${n.name}'\`) resolves to.
export { ${n.factory} as target };
export default ${n.factory};
`;
}

function targetTest(n: Names): string {
  return `// The plugin as Ferry runs it: a generated source (core's test endpoint) migrated into it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigration, parseConfig, run, type RunResult } from '@ferry/core';
import { generator } from '@ferry/core/testing';
import { ${n.factory} } from '../src/index.js';

describe('${n.packageName}', () => {
  let dir: string;
  let result: RunResult;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), '${n.packageName}-'));
    const migration = await openMigration(
      parseConfig({
        source: generator({
          tables: [
            {
              schema: 'app',
              name: 'items',
              rows: 250,
              columns: [
                { name: 'id', type: { kind: 'int32' } },
                { name: 'label', type: { kind: 'text', length: 40, unicode: true, fixed: false } },
              ],
              generate: (i: number) => [i + 1, \`item \${i + 1}\`],
            },
          ],
        }),
        target: ${n.factory}({ dir: './out' }),
        tables: { 'app.items': { ranges: 2 } },
      }),
      { cwd: dir },
    );
    result = await run(migration).finally(() => migration.close());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads every row, and validation counts them back per key range', async () => {
    expect(result.state).toBe('done');
    expect(result.match).toBe(true);
    expect(result.validations.map((v) => [v.table, v.ranges.length])).toEqual([['app.items', 2]]);
    const lines = (await readFile(join(dir, 'out/app.items.jsonl'), 'utf8')).trim().split('\\n');
    expect(lines).toHaveLength(250);
    expect(lines.map((l) => JSON.parse(l)).find((r) => r.id === 7)).toEqual({ id: 7, label: 'item 7' });
  });
});
`;
}

function sourceIndex(n: Names): string {
  return `// ${n.packageName}: a Ferry source endpoint. It serves the tables its options declare (columns
// and rows): replace the bodies with your database's catalog queries and reads, keeping the contract
// each member's comment states.

import { z } from 'zod';
import {
  BatchBuilder,
  compareKeys,
  defineSourcePlugin,
  emptyModel,
  keyRangeFilter,
  NotSupportedError,
  qualifiedName,
  type LogicalType,
  type Row,
  type SourceEndpoint,
  type Table,
} from '@ferry/core';

const columnTypes = {
  int32: { kind: 'int32' },
  float64: { kind: 'float64' },
  bool: { kind: 'bool' },
  text: { kind: 'text', length: 'max', unicode: true, fixed: false },
} satisfies Record<string, LogicalType>;

export const configSchema = z.strictObject({
  tables: z.array(
    z.strictObject({
      schema: z.string().min(1),
      name: z.string().min(1),
      /** The first column is the key. */
      columns: z
        .array(
          z.strictObject({ name: z.string().min(1), type: z.enum(['int32', 'float64', 'bool', 'text']) }),
        )
        .min(1),
      rows: z.array(z.array(z.union([z.number(), z.string(), z.boolean(), z.null()]))),
    }),
  ),
});

export type ${n.factory[0]!.toUpperCase()}${n.factory.slice(1)}Config = z.output<typeof configSchema>;

export function ${n.create}(config: ${n.factory[0]!.toUpperCase()}${n.factory.slice(1)}Config): SourceEndpoint {
  const declared = new Map(config.tables.map((t) => [qualifiedName(t), t]));
  const rowsOf = (table: Table) => declared.get(qualifiedName(table))?.rows ?? [];
  return {
    name: '${n.name}',

    /** The schema model: tables with columns of logical types, keys (a database reads its catalog). */
    async introspect() {
      const model = emptyModel();
      model.schemas = [...new Set(config.tables.map((t) => t.schema))];
      model.tables = config.tables.map((t) => ({
        schema: t.schema,
        name: t.name,
        columns: t.columns.map((c, i) => ({
          name: c.name,
          type: columnTypes[c.type],
          nativeType: c.type,
          nullable: i > 0,
        })),
        primaryKey: { name: \`pk_\${t.name}\`, columns: [t.columns[0]!.name] },
        uniques: [],
        indexes: [],
        foreignKeys: [],
        checks: [],
        rowEstimate: t.rows.length,
      }));
      return { model, actionItems: [] };
    },

    /** Up to \`count\` key ranges (\`lower <= key < upper\`) of about as many rows each, loaded in parallel. */
    async ranges(table, count) {
      const key = [table.columns[0]!.name];
      const keys: Row[] = rowsOf(table)
        .map((row) => [row[0] ?? null])
        .sort(compareKeys);
      const bounds = Array.from(
        { length: count - 1 },
        (_, i) => keys[Math.floor(((i + 1) * keys.length) / count)],
      );
      const cuts = bounds.filter(
        (b, i): b is Row => b !== undefined && (i === 0 || compareKeys(b, bounds[i - 1]!) > 0),
      );
      return [undefined, ...cuts].map((lower, index) => ({
        index,
        key,
        ...(lower ? { lower } : {}),
        ...(cuts[index] ? { upper: cuts[index] } : {}),
      }));
    },

    /** Rows in batches, values in \`options.columns\` order, only those of \`options.range\` when given. */
    async *read(table, options) {
      if (options.where || options.filters?.length)
        throw new NotSupportedError(\`${n.name} source: row filters on \${qualifiedName(table)}\`);
      const names = table.columns.map((c) => c.name);
      const positions = options.columns.map((c) => names.indexOf(c));
      const inRange = keyRangeFilter(table, names, options.range);
      const batches = new BatchBuilder(options);
      for (const row of rowsOf(table)) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (!inRange(row)) continue;
        const batch = batches.add(positions.map((p) => row[p] ?? null) as Row);
        if (batch) yield batch;
      }
      const last = batches.flush();
      if (last) yield last;
    },

    /** Rows of a table, or of one key range of it. */
    async count(table, range) {
      const inRange = keyRangeFilter(
        table,
        table.columns.map((c) => c.name),
        range,
      );
      return rowsOf(table).filter((row) => inRange(row)).length;
    },

    async close() {},
  };
}

export const ${n.factory} = defineSourcePlugin({
  name: '${n.name}',
  configSchema,
  create: (config) => ${n.create}(config),
});

// What a JSON/YAML config naming the plugin by string (\`plugin: '${n.name}'\`) resolves to.
export { ${n.factory} as source };
export default ${n.factory};
`;
}

function sourceTest(n: Names): string {
  return `// The plugin as Ferry runs it: migrated into core's in-memory test target, then validated.
import { describe, expect, it } from 'vitest';
import { openMigration, parseConfig, run } from '@ferry/core';
import { memory, type CollectingTarget } from '@ferry/core/testing';
import { ${n.factory} } from '../src/index.js';

const rows = Array.from({ length: 120 }, (_, i) => [i + 1, \`row \${i + 1}\`, i % 2 === 0]);

describe('${n.packageName}', () => {
  it('moves every row, values in column order, and validation counts them per key range', async () => {
    const migration = await openMigration(
      parseConfig({
        source: ${n.factory}({
          tables: [
            {
              schema: 'app',
              name: 'things',
              columns: [
                { name: 'id', type: 'int32' },
                { name: 'label', type: 'text' },
                { name: 'even', type: 'bool' },
              ],
              rows,
            },
          ],
        }),
        target: memory({}),
        tables: { 'app.things': { ranges: 3 } },
      }),
      { cwd: process.cwd() },
    );
    const result = await run(migration).finally(() => migration.close());
    expect(result.state).toBe('done');
    expect(result.match).toBe(true);
    expect(result.validations[0]!.ranges).toHaveLength(3);
    const stored = (migration.target as CollectingTarget).rows('app.things');
    expect(stored.toSorted((a, b) => Number(a[0]) - Number(b[0]))).toEqual(rows);
  });
});
`;
}

function readme(n: Names, kind: PluginKind): string {
  const use =
    kind === 'target'
      ? `import { mssql } from '@ferry/source-mssql';
import { ${n.factory} } from '${n.packageName}';

export default defineMigration({
  source: mssql({ connectionString: process.env.MSSQL_URL }),
  target: ${n.factory}({ dir: './out' }),
});`
      : `import { postgres } from '@ferry/target-postgres';
import { ${n.factory} } from '${n.packageName}';

export default defineMigration({
  source: ${n.factory}({ tables: [/* { schema, name, columns, rows } */] }),
  target: postgres({ url: process.env.DATABASE_URL }),
});`;
  return `# ${n.packageName}

A Ferry ${kind} endpoint plugin, started with \`ferry init --plugin ${n.name} --kind ${kind}\`. It uses
only \`@ferry/core\`'s public plugin API (\`define${kind === 'target' ? 'Target' : 'Source'}Plugin\`, the
\`Batch\`/\`Value\` contract, \`keyRangeFilter\`). As written, it ${
    kind === 'target'
      ? 'writes each table as JSON lines into `<dir>/<schema>.<table>.jsonl`'
      : 'serves the tables its options declare'
  }: replace the bodies in \`src/index.ts\` with your database's calls.

## Develop

\`\`\`sh
npm install
npm test            # vitest: a migration through the plugin, with core's test endpoints
npm run typecheck   # tsc over src and test
npm run build       # dist/ (JavaScript and .d.ts), what the package ships
\`\`\`

## Use

\`\`\`ts
// migration.config.ts
import { defineMigration } from '@ferry/core';
${use}
\`\`\`

In a JSON or YAML config, name it by string: \`{ "plugin": "${n.name}", ... }\` loads \`${n.packageName}\`.
`;
}
