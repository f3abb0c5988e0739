// JSON_MODIFY converted and run on PostgreSQL: the values SQL Server computes, in jsonb's text (the
// TSQL_JSON_TEXT item says so: keys in jsonb's order, a space after ':' and ',').

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyModel } from '@ferry/core';
import { parseExpression } from '@ferry/tsql';
import { convertExpression, namesFromModel } from '../src/plpgsql/index.js';
import { newTarget, type TestTarget } from './fixtures.js';

const names = namesFromModel(emptyModel(), { naming: 'snake_case' });

const cases: [tsql: string, expected: string | null][] = [
  // set: a string value becomes a JSON string, a missing property is created in lax mode
  ["JSON_MODIFY('{\"a\":1}', '$.a', 'x/y')", '{"a": "x/y"}'],
  ["JSON_MODIFY('{\"a\":1}', '$.b', 2.5)", '{"a": 1, "b": 2.5}'],
  // NULL deletes the property in lax mode, sets null in strict mode
  ['JSON_MODIFY(\'{"a":1,"b":2}\', \'$.a\', NULL)', '{"b": 2}'],
  ["JSON_MODIFY('{\"a\":1}', 'strict $.a', NULL)", '{"a": null}'],
  // append to an array; JSON_QUERY's value is set as JSON, not as a string
  ["JSON_MODIFY('{\"l\":[1]}', 'append $.l', 2)", '{"l": [1, 2]}'],
  ["JSON_MODIFY('{\"a\":1}', '$.b', JSON_QUERY('[true]'))", '{"a": 1, "b": [true]}'],
  ["JSON_MODIFY(NULL, '$.a', 1)", null],
];

describe('JSON_MODIFY on PostgreSQL', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await newTarget();
  });
  afterAll(async () => {
    await t?.close();
  });
  for (const [tsql, expected] of cases) {
    it(`${tsql} -> ${expected}`, async () => {
      const { sql, actionItems } = convertExpression(
        parseExpression(tsql),
        names,
        { schema: 'dbo', name: 't' },
        't',
      );
      expect(actionItems.map((a) => a.code)).toEqual(['TSQL_JSON_TEXT']);
      const [row] = await t.query<{ v: string | null }>(`SELECT (${sql})::text AS v`);
      expect(row!.v).toBe(expected);
    });
  }
});
