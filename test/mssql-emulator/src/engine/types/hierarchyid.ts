// hierarchyid values, kept as their canonical text ('/', '/1/', '/1/3.2/', '/-1/'): parsing,
// ordering (depth-first, as SQL Server sorts them) and the navigation methods.

import { SqlError } from '../errors.js';

/** A node's labels: one array of integers per level ('/1.2/3/' is [[1, 2], [3]]). */
type Path = number[][];

const bad = (text: string) =>
  new SqlError(
    6522,
    `A .NET Framework error occurred during execution of user-defined routine or aggregate "hierarchyid": \nMicrosoft.SqlServer.Types.HierarchyIdException: 24001: SqlHierarchyId.Parse failed because the input string '${text}' is not a valid string representation of a SqlHierarchyId node.`,
    16,
  );

export function parsePath(text: string): Path {
  if (text === '/') return [];
  if (!/^\/(?:-?\d+(?:\.-?\d+)*\/)+$/.test(text)) throw bad(text);
  return text
    .slice(1, -1)
    .split('/')
    .map((level) => level.split('.').map(Number));
}

export const formatPath = (p: Path): string => (p.length ? `/${p.map((l) => l.join('.')).join('/')}/` : '/');

/** The canonical text of a hierarchyid given as text (6522 when it is not one). */
export const parseHierarchyId = (text: string): string => formatPath(parsePath(text));

/** Depth-first order: a parent before its children, siblings by their labels. */
export function compareHierarchyIds(a: string, b: string): number {
  const x = parsePath(a);
  const y = parsePath(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareLabels(x[i], y[i]);
    if (c) return c;
  }
  return x.length - y.length;
}

function compareLabels(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  // '/1/' sorts before '/1.1/' (a dotted label lies between n and n+1).
  return a.length - b.length;
}

export const levelOf = (h: string): number => parsePath(h).length;

export function ancestorOf(h: string, n: number): string | null {
  const p = parsePath(h);
  return n < 0 || n > p.length ? null : formatPath(p.slice(0, p.length - n));
}

export function isDescendantOf(h: string, parent: string): boolean {
  const c = parsePath(h);
  const p = parsePath(parent);
  return p.length <= c.length && p.every((l, i) => compareLabels(l, c[i]) === 0);
}

/** GetDescendant(c1, c2) for children with integer labels; dotted labels are refused (40517). */
export function descendantOf(parent: string, c1: string | null, c2: string | null): string {
  const p = parsePath(parent);
  const last = (c: string) => {
    const path = parsePath(c);
    if (path.length !== p.length + 1 || !isDescendantOf(c, parent))
      throw new SqlError(
        6522,
        `A .NET Framework error occurred: 24006: SqlHierarchyId.GetDescendant failed because '${c}' is not a child of '${parent}'.`,
        16,
      );
    const label = path[path.length - 1];
    if (label.length !== 1)
      throw new SqlError(
        40517,
        'hierarchyid GetDescendant next to a dotted label is not supported by the SQL Server emulator.',
        16,
      );
    return label[0];
  };
  const lo = c1 === null ? null : last(c1);
  const hi = c2 === null ? null : last(c2);
  let label: number[];
  if (lo === null && hi === null) label = [1];
  else if (hi === null) label = [lo! + 1];
  else if (lo === null) label = [hi - 1];
  else if (lo >= hi)
    throw new SqlError(
      6522,
      `A .NET Framework error occurred: 24007: SqlHierarchyId.GetDescendant failed because '${c1}' >= '${c2}'.`,
      16,
    );
  else label = hi - lo > 1 ? [lo + 1] : [lo, 1];
  return formatPath([...p, label]);
}

/** GetReparentedValue(oldRoot, newRoot): the path below oldRoot moved under newRoot. */
export function reparent(h: string, oldRoot: string, newRoot: string): string {
  if (!isDescendantOf(h, oldRoot))
    throw new SqlError(
      6522,
      `A .NET Framework error occurred: 24009: SqlHierarchyId.GetReparentedValue failed because '${oldRoot}' is not an ancestor of '${h}'.`,
      16,
    );
  return formatPath([...parsePath(newRoot), ...parsePath(h).slice(parsePath(oldRoot).length)]);
}
