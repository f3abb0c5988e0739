// Views and routines the rules named otherwise than the naming strategy (a reserved word renamed with
// naming.reservedWords 'rename', a collision suffixed): converted code creates and calls them by the
// model's name, found by their source name.

import { describe, expect, it } from 'vitest';
import type { Routine, View } from '@ferry/core';
import { parseBatch } from '@ferry/tsql';
import { convertModule, planNames } from '../src/plpgsql/index.js';
import { col, model, table } from './fixtures.js';

const routine: Routine = {
  schema: 'dbo',
  name: 'user_',
  sourceName: 'User',
  kind: 'scalar-function',
  definition: 'CREATE FUNCTION dbo.[User](@id int) RETURNS int AS BEGIN RETURN @id END',
  dialect: 'tsql',
};
const view: View = {
  schema: 'dbo',
  name: 'order_',
  sourceName: 'Order',
  definition: 'CREATE VIEW dbo.[Order] AS SELECT 1 AS one',
  dialect: 'tsql',
};
const m = model([table('dbo', 'items', [col('id', { kind: 'int32' })])], {
  views: [view],
  routines: [routine],
});

const convert = (tsql: string, schema: (s: string) => string = (s) => s) =>
  convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, planNames(m, schema)).statements;

describe('views and routines renamed by the rules', () => {
  it('are created under the name of the model', () => {
    expect(convert(routine.definition)[0]).toContain('CREATE OR REPLACE FUNCTION dbo.user_(');
    expect(convert(view.definition)[0]).toContain('CREATE OR REPLACE VIEW dbo.order_ AS');
  });

  it('are called and read by that name, the source name matched as SQL Server does (case-insensitively)', () => {
    const [sql] = convert('CREATE VIEW dbo.v AS SELECT dbo.[USER](o.one) AS x FROM dbo.[order] o');
    expect(sql).toContain('dbo.user_(o.one)');
    expect(sql).toContain('FROM dbo.order_ AS o');
  });

  it('in the target schema the plan puts them in', () => {
    const placed = model([], {
      views: [],
      routines: [{ ...routine, schema: 'app' }],
    });
    const names = planNames(
      placed,
      (s) => (s === 'app' ? 'app_target' : s),
      undefined,
      () => 'app',
    );
    const tsql = 'CREATE VIEW dbo.v AS SELECT dbo.[User](1) AS x';
    const [sql] = convertModule({ statement: parseBatch(tsql)[0]!, text: tsql }, names).statements;
    expect(sql).toContain('app_target.user_(1)');
  });

  it('a module named by the naming strategy is left to it', () => {
    const [sql] = convert('CREATE VIEW dbo.v AS SELECT dbo.Other(1) AS x');
    expect(sql).toContain('dbo.other(1)');
  });
});
