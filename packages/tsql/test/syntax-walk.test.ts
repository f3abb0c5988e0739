import { describe, expect, it } from 'vitest';
import { findAll, isNode, walk, type Expression, type Select, type SqlNode } from '../src/index.js';

const pos = { line: 1, column: 1 };
const id = (name: string) => ({ kind: 'Identifier', name, quote: 'none', text: name, pos }) as const;
const col = (name: string): Expression => ({ kind: 'ColumnRef', column: id(name), pos });

// SELECT a FROM t WHERE a = (SELECT MAX(b) FROM u), built by hand.
const inner: Select = {
  kind: 'Select',
  with: [],
  orderBy: [],
  pos,
  query: {
    kind: 'QuerySpec',
    distinct: false,
    columns: [
      {
        kind: 'SelectColumn',
        expr: {
          kind: 'FunctionCall',
          name: { kind: 'ObjectName', name: id('MAX'), pos },
          args: [col('b')],
          distinct: false,
          star: false,
          pos,
        },
        pos,
      },
    ],
    from: [{ kind: 'TableRef', name: { kind: 'ObjectName', name: id('u'), pos }, hints: [], pos }],
    groupBy: [],
    pos,
  },
};
const outer: Select = {
  kind: 'Select',
  with: [],
  orderBy: [],
  pos,
  query: {
    kind: 'QuerySpec',
    distinct: false,
    columns: [{ kind: 'SelectColumn', expr: col('a'), pos }],
    from: [{ kind: 'TableRef', name: { kind: 'ObjectName', name: id('t'), pos }, hints: [], pos }],
    where: { kind: 'BinaryOp', op: '=', left: col('a'), right: { kind: 'Subquery', query: inner, pos }, pos },
    groupBy: [],
    pos,
  },
};

describe('walk', () => {
  it('visits every node depth-first, parents before children, in property order', () => {
    const kinds: string[] = [];
    walk(outer, (node) => void kinds.push(node.kind));
    expect(kinds).toEqual([
      'Select',
      'QuerySpec',
      'SelectColumn',
      'ColumnRef',
      'Identifier',
      'TableRef',
      'ObjectName',
      'Identifier',
      'BinaryOp',
      'ColumnRef',
      'Identifier',
      'Subquery',
      'Select',
      'QuerySpec',
      'SelectColumn',
      'FunctionCall',
      'ObjectName',
      'Identifier',
      'ColumnRef',
      'Identifier',
      'TableRef',
      'ObjectName',
      'Identifier',
    ]);
  });

  it('passes the parent node and skips children when the visitor returns false', () => {
    const parents: string[] = [];
    walk(outer, (node, parent) => {
      if (node.kind === 'ColumnRef') parents.push(parent?.kind ?? 'none');
      return node.kind !== 'Subquery';
    });
    expect(parents).toEqual(['SelectColumn', 'BinaryOp']);
  });

  it('walks arrays of nodes', () => {
    expect(findAll([outer, inner], 'Select')).toHaveLength(3);
  });
});

describe('findAll', () => {
  it('collects the nodes of one kind, typed', () => {
    expect(findAll(outer, 'ColumnRef').map((c) => c.column.name)).toEqual(['a', 'a', 'b']);
    expect(findAll(outer, 'TableRef').map((t) => t.name.name.name)).toEqual(['t', 'u']);
  });
});

describe('isNode', () => {
  it('recognises objects with a kind and a position', () => {
    expect(isNode(col('x'))).toBe(true);
    expect(isNode({ kind: 'x' })).toBe(false);
    expect(isNode(pos as unknown as SqlNode)).toBe(false);
  });
});
