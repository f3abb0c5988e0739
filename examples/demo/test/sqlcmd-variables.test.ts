import { describe, expect, it } from 'vitest';
import { applySqlcmdVariables } from '../src/sqlcmd-variables.js';

describe('applySqlcmdVariables', () => {
  it('replaces every $(name) with its value', () => {
    expect(applySqlcmdVariables('SELECT 2000 * $(scale), $(scale)', { scale: '3' })).toBe('SELECT 2000 * 3, 3');
  });
  it('fails on a variable that is not defined, naming it', () => {
    expect(() => applySqlcmdVariables('GENERATE_SERIES(1, $(rows))', {})).toThrow('$(rows) is not defined');
  });
});
