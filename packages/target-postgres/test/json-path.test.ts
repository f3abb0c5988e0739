// SQL Server JSON path literals read into steps (OPENJSON's WITH paths, JSON_MODIFY).

import { describe, expect, it } from 'vitest';
import { parseJsonPath } from '../src/plpgsql/passes/json-path.js';

describe('parseJsonPath', () => {
  it('reads keys, quoted keys and array indexes after $', () => {
    expect(parseJsonPath('$.a."b c".d[12]')).toEqual({
      strict: false,
      append: false,
      body: '$.a."b c".d[12]',
      steps: ['a', 'b c', 'd', '12'],
    });
    expect(parseJsonPath('$')).toMatchObject({ steps: [] });
    expect(parseJsonPath('$."say \\"hi\\""')).toMatchObject({ steps: ['say "hi"'] });
  });
  it('reads the lax / strict mode and JSON_MODIFY append', () => {
    expect(parseJsonPath('strict $.x')).toMatchObject({ strict: true, append: false, body: '$.x' });
    expect(parseJsonPath('lax $.x')).toMatchObject({ strict: false, body: '$.x' });
    expect(parseJsonPath('append lax $.list')).toMatchObject({
      append: true,
      strict: false,
      steps: ['list'],
    });
  });
  it('refuses what is not a path', () => {
    expect(parseJsonPath('a.b')).toBeUndefined();
    expect(parseJsonPath('$.')).toBeUndefined();
    expect(parseJsonPath('$[x]')).toBeUndefined();
    expect(parseJsonPath('$."open')).toBeUndefined();
  });
});
