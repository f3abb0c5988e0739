import { describe, expect, it } from 'vitest';
import { scanSqlcmdScript, splitBatches } from '../src/index.js';

describe('splitBatches', () => {
  it('splits on GO alone on a line, in any case, with the start line of each batch', () => {
    expect(splitBatches('SELECT 1\nGO\nSELECT 2\n  go  \nSELECT 3\nGo')).toEqual([
      { text: 'SELECT 1\n', startLine: 1, count: 1 },
      { text: 'SELECT 2\n', startLine: 3, count: 1 },
      { text: 'SELECT 3\n', startLine: 5, count: 1 },
    ]);
  });

  it('reads a repeat count and allows a trailing line comment', () => {
    expect(splitBatches('INSERT t DEFAULT VALUES\nGO 5 -- five rows\nSELECT 1')).toEqual([
      { text: 'INSERT t DEFAULT VALUES\n', startLine: 1, count: 5 },
      { text: 'SELECT 1', startLine: 3, count: 1 },
    ]);
  });

  it('does not split on GO inside strings, bracketed names or block comments, nor on GO within a line', () => {
    const script = "SELECT 'a\nGO\n'\n/* x\nGO\n*/ SELECT [b\ngo\n] GO\nSELECT 1 go\nGO";
    const batches = splitBatches(script);
    expect(batches).toHaveLength(1);
    expect(batches[0].text).toBe("SELECT 'a\nGO\n'\n/* x\nGO\n*/ SELECT [b\ngo\n] GO\nSELECT 1 go\n");
  });

  it('does not take words that start with GO for a separator', () => {
    expect(splitBatches('GOTO x\nGOx\nGO')).toEqual([{ text: 'GOTO x\nGOx\n', startLine: 1, count: 1 }]);
  });

  it('handles GO on the first line and consecutive GO lines', () => {
    expect(splitBatches('GO\nGO\nSELECT 1\nGO\ngo\nSELECT 2')).toEqual([
      { text: 'SELECT 1\n', startLine: 3, count: 1 },
      { text: 'SELECT 2', startLine: 6, count: 1 },
    ]);
  });

  it('drops batches that are only whitespace', () => {
    expect(splitBatches('\nGO\n\n  \nGO\nSELECT 1\n')).toEqual([
      { text: 'SELECT 1\n', startLine: 6, count: 1 },
    ]);
  });

  it('handles CRLF line ends', () => {
    expect(splitBatches('SELECT 1\r\nGO\r\nSELECT 2\r\n')).toEqual([
      { text: 'SELECT 1\r\n', startLine: 1, count: 1 },
      { text: 'SELECT 2\r\n', startLine: 3, count: 1 },
    ]);
  });
});

describe('scanSqlcmdScript', () => {
  it('reports sqlcmd command lines outside strings and comments, GO lines and the text between them', () => {
    const script =
      ' :setvar Db "x"\r\nSELECT \'\n:r no\'\n/*\n:on error exit\n*/\n:On Error ignore\nGO 2\n:notacommand\n';
    expect(scanSqlcmdScript(script)).toEqual([
      { kind: 'command', name: 'setvar', args: 'Db "x"', line: 1 },
      { kind: 'text', text: "SELECT '\n:r no'\n/*\n:on error exit\n*/\n", line: 2 },
      { kind: 'command', name: 'on', args: 'Error ignore', line: 7 },
      { kind: 'go', count: 2, line: 8 },
      { kind: 'text', text: ':notacommand\n', line: 9 },
    ]);
  });

  it('leaves command lines to the T-SQL text in splitBatches', () => {
    expect(splitBatches(':setvar a 1\nSELECT 1')).toEqual([
      { text: ':setvar a 1\nSELECT 1', startLine: 1, count: 1 },
    ]);
  });
});
