// The XQuery subset the xml methods (value, query, exist, nodes) run: path expressions with child,
// descendant, attribute, self and parent steps, name tests with namespaces (`declare namespace`,
// `declare default element namespace`, WITH XMLNAMESPACES), predicates (positions, comparisons,
// and/or), literals and a few functions. Anything else is refused with 40517 naming the construct.

import { SqlError } from '../errors.js';
import { stringValue, type XmlAttr, type XmlDocument, type XmlElement, type XmlNode } from './xml-doc.js';

export type XNode = XmlNode | XmlDocument;
export interface XAttr {
  kind: 'attribute';
  attr: XmlAttr;
  owner: XmlElement;
}
export type Item = XNode | XAttr | string | number | boolean;

type Axis = 'child' | 'descendant' | 'descendant-or-self' | 'attribute' | 'self' | 'parent';
type NodeTest =
  { kind: 'name'; ns: string | '*'; local: string | '*' } | { kind: 'text' | 'node' | 'comment' | 'pi' };

export type XExpr =
  | { kind: 'root' }
  | { kind: 'step'; axis: Axis; test: NodeTest; predicates: XExpr[] }
  | { kind: 'path'; from: XExpr; step: XExpr }
  | { kind: 'filter'; base: XExpr; predicates: XExpr[] }
  | { kind: 'literal'; value: string | number }
  | { kind: 'sequence'; items: XExpr[] }
  | { kind: 'compare'; op: string; left: XExpr; right: XExpr }
  | { kind: 'logic'; op: 'and' | 'or'; left: XExpr; right: XExpr }
  | { kind: 'call'; name: string; args: XExpr[] };

/** Prefix -> namespace URI known to a query; '' is the default element namespace. */
export type Namespaces = Map<string, string>;

const PREDEFINED: [string, string][] = [
  ['xml', 'http://www.w3.org/XML/1998/namespace'],
  ['xs', 'http://www.w3.org/2001/XMLSchema'],
  ['xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
  ['fn', 'http://www.w3.org/2005/xpath-functions'],
  ['sql', 'urn:schemas-microsoft-com:xml-sql'],
];

export const unsupportedXQuery = (method: string, what: string) =>
  new SqlError(40517, `XQuery [${method}()]: ${what} is not supported by the SQL Server emulator.`, 16);

// ---------------------------------------------------------------------------------------- parsing

const TOKEN =
  /\s*(?:(\(:[\s\S]*?:\))|("(?:[^"]|"")*"|'(?:[^']|'')*')|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)|(\/\/|\/|\.\.|\.|::|!=|<=|>=|[[\]()@,=<>*;${}+\-|:])|([A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?))/y;

interface Tok {
  kind: 'str' | 'num' | 'sym' | 'name';
  text: string;
}

function tokenize(q: string, method: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < q.length) {
    if (/^\s*$/.test(q.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(q);
    if (!m) throw unsupportedXQuery(method, `the expression near '${q.slice(at).trim().slice(0, 20)}'`);
    at = TOKEN.lastIndex;
    if (m[1]) continue;
    if (m[2])
      out.push({ kind: 'str', text: m[2].slice(1, -1).replace(m[2][0] === '"' ? /""/g : /''/g, m[2][0]) });
    else if (m[3]) out.push({ kind: 'num', text: m[3] });
    else if (m[4]) out.push({ kind: 'sym', text: m[4] });
    else out.push({ kind: 'name', text: m[5] });
  }
  return out;
}

/** Parses an XQuery; `outer` holds WITH XMLNAMESPACES declarations. */
export function parseXQuery(q: string, method: string, outer?: Namespaces): { expr: XExpr; ns: Namespaces } {
  const ns: Namespaces = new Map([...PREDEFINED, ...(outer ?? [])]);
  const p = new XQueryParser(tokenize(q, method), method, ns);
  p.prolog();
  const expr = p.expr();
  if (!p.done()) throw unsupportedXQuery(method, `the expression near '${p.peek()?.text}'`);
  return { expr, ns };
}

class XQueryParser {
  i = 0;
  constructor(
    readonly toks: Tok[],
    readonly method: string,
    readonly ns: Namespaces,
  ) {}

  done = () => this.i >= this.toks.length;
  peek = (n = 0): Tok | undefined => this.toks[this.i + n];
  is = (text: string, n = 0) => this.peek(n)?.text === text && this.peek(n)?.kind !== 'str';
  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.i++;
    return true;
  }
  expect(text: string): void {
    if (!this.accept(text))
      throw unsupportedXQuery(this.method, `the expression near '${this.peek()?.text ?? 'the end'}'`);
  }
  unsupported(what: string): never {
    throw unsupportedXQuery(this.method, what);
  }

  prolog(): void {
    while (this.is('declare')) {
      this.i++;
      if (this.accept('namespace')) {
        const prefix = this.peek()?.text ?? '';
        this.i++;
        this.expect('=');
        this.ns.set(prefix, this.string());
      } else if (this.accept('default')) {
        this.expect('element');
        this.expect('namespace');
        this.ns.set('', this.string());
      } else this.unsupported(`'declare ${this.peek()?.text}'`);
      this.expect(';');
    }
  }

  private string(): string {
    const t = this.peek();
    if (t?.kind !== 'str') this.unsupported('a namespace declaration without a string literal');
    this.i++;
    return t.text;
  }

  expr(): XExpr {
    const items = [this.or()];
    while (this.accept(',')) items.push(this.or());
    return items.length === 1 ? items[0] : { kind: 'sequence', items };
  }

  private or(): XExpr {
    let left = this.and();
    while (this.accept('or')) left = { kind: 'logic', op: 'or', left, right: this.and() };
    return left;
  }

  private and(): XExpr {
    let left = this.compare();
    while (this.accept('and')) left = { kind: 'logic', op: 'and', left, right: this.compare() };
    return left;
  }

  private compare(): XExpr {
    const left = this.path();
    const t = this.peek();
    const ops = ['=', '!=', '<', '<=', '>', '>=', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];
    if (t && t.kind !== 'str' && ops.includes(t.text)) {
      this.i++;
      return { kind: 'compare', op: t.text, left, right: this.path() };
    }
    if (t && (t.text === '+' || t.text === '-' || t.text === '|' || ['div', 'mod', 'union'].includes(t.text)))
      this.unsupported(`the operator '${t.text}'`);
    return left;
  }

  private path(): XExpr {
    let expr: XExpr;
    if (this.accept('//')) expr = this.relative({ kind: 'root' }, true);
    else if (this.accept('/')) {
      const t = this.peek();
      const stepStart = t && (t.kind === 'name' || ['@', '*', '.', '..'].includes(t.text));
      expr = stepStart ? this.relative({ kind: 'root' }, false) : { kind: 'root' };
    } else expr = this.step();
    for (;;) {
      if (this.accept('//')) expr = this.relative(expr, true);
      else if (this.accept('/')) expr = this.relative(expr, false);
      else return expr;
    }
  }

  private relative(from: XExpr, descendant: boolean): XExpr {
    const base: XExpr = descendant
      ? {
          kind: 'path',
          from,
          step: { kind: 'step', axis: 'descendant-or-self', test: { kind: 'node' }, predicates: [] },
        }
      : from;
    return { kind: 'path', from: base, step: this.step() };
  }

  private step(): XExpr {
    const t = this.peek();
    if (!t) this.unsupported('an empty expression');
    if (t.kind === 'str') {
      this.i++;
      return this.filtered({ kind: 'literal', value: t.text });
    }
    if (t.kind === 'num') {
      this.i++;
      return this.filtered({ kind: 'literal', value: Number(t.text) });
    }
    if (this.accept('(')) {
      const inner: XExpr = this.is(')') ? { kind: 'sequence', items: [] } : this.expr();
      this.expect(')');
      return this.filtered(inner);
    }
    if (this.accept('..'))
      return { kind: 'step', axis: 'parent', test: { kind: 'node' }, predicates: this.predicates() };
    if (this.accept('.'))
      return this.filtered({ kind: 'step', axis: 'self', test: { kind: 'node' }, predicates: [] });
    if (this.accept('@'))
      return { kind: 'step', axis: 'attribute', test: this.nameTest(true), predicates: this.predicates() };
    if (t.text === '$') this.unsupported('XQuery variables');
    if (
      t.kind === 'name' &&
      (['for', 'let', 'some', 'every'].includes(t.text)
        ? this.is('$', 1)
        : t.text === 'if' && this.is('(', 1))
    )
      this.unsupported(`'${t.text}' expressions`);
    let axis: Axis = 'child';
    if (t.kind === 'name' && this.is('::', 1)) {
      const named: Record<string, Axis> = {
        child: 'child',
        descendant: 'descendant',
        'descendant-or-self': 'descendant-or-self',
        attribute: 'attribute',
        self: 'self',
        parent: 'parent',
      };
      if (!named[t.text]) this.unsupported(`the ${t.text} axis`);
      axis = named[t.text];
      this.i += 2;
    }
    const name = this.peek();
    if (name?.kind === 'name' && this.is('(', 1)) {
      const kindTests: Record<string, NodeTest['kind']> = {
        text: 'text',
        node: 'node',
        comment: 'comment',
        'processing-instruction': 'pi',
      };
      const kt = kindTests[name.text];
      if (kt) {
        this.i += 2;
        this.expect(')');
        return { kind: 'step', axis, test: { kind: kt } as NodeTest, predicates: this.predicates() };
      }
      if (axis !== 'child') this.unsupported(`the node test ${name.text}()`);
      return this.filtered(this.call());
    }
    if (name?.kind === 'sym' && name.text === '<') this.unsupported('XML constructors');
    return { kind: 'step', axis, test: this.nameTest(axis === 'attribute'), predicates: this.predicates() };
  }

  private call(): XExpr {
    const name = this.peek()!.text.replace(/^fn:/, '');
    this.i += 2;
    const args: XExpr[] = [];
    if (!this.is(')'))
      do args.push(this.or());
      while (this.accept(','));
    this.expect(')');
    return { kind: 'call', name, args };
  }

  private nameTest(attribute: boolean): NodeTest {
    if (this.accept('*')) return { kind: 'name', ns: '*', local: '*' };
    const t = this.peek();
    if (t?.kind !== 'name') this.unsupported(`the expression near '${t?.text ?? 'the end'}'`);
    this.i++;
    const i = t.text.indexOf(':');
    if (i < 0) return { kind: 'name', ns: attribute ? '' : (this.ns.get('') ?? ''), local: t.text };
    const prefix = t.text.slice(0, i);
    const uri = this.ns.get(prefix);
    if (uri === undefined)
      throw new SqlError(
        2229,
        `XQuery [${this.method}()]: The name "${prefix}" does not denote a namespace.`,
        16,
      );
    return { kind: 'name', ns: uri, local: t.text.slice(i + 1) };
  }

  private predicates(): XExpr[] {
    const out: XExpr[] = [];
    while (this.accept('[')) {
      out.push(this.expr());
      this.expect(']');
    }
    return out;
  }

  private filtered(base: XExpr): XExpr {
    const predicates = this.predicates();
    return predicates.length ? { kind: 'filter', base, predicates } : base;
  }
}

// ------------------------------------------------------------------------------------- evaluation

interface Focus {
  item: Item;
  position: number;
  size: number;
}

export type SqlCall = Extract<XExpr, { kind: 'call' }>;
/** Values of the `sql:variable("@v")` / `sql:column("c")` calls of a query, for one evaluation. */
export type SqlValues = Map<SqlCall, Item | undefined>;

/** Evaluates `expr` with `context` as the context item. */
export function evaluate(expr: XExpr, context: Item, method: string, sqlValues?: SqlValues): Item[] {
  return new Evaluator(method, sqlValues).eval(expr, { item: context, position: 1, size: 1 });
}

/** The `sql:variable(...)` and `sql:column(...)` calls in a query. */
export function sqlCalls(e: XExpr): SqlCall[] {
  const out: SqlCall[] = [];
  const visit = (x: XExpr): void => {
    switch (x.kind) {
      case 'call':
        if (x.name === 'sql:variable' || x.name === 'sql:column') out.push(x);
        x.args.forEach(visit);
        return;
      case 'step':
        return x.predicates.forEach(visit);
      case 'path':
        visit(x.from);
        return visit(x.step);
      case 'filter':
        visit(x.base);
        return x.predicates.forEach(visit);
      case 'sequence':
        return x.items.forEach(visit);
      case 'compare':
      case 'logic':
        visit(x.left);
        return visit(x.right);
      default:
        return;
    }
  };
  visit(e);
  return out;
}

const isNode = (i: Item): i is XNode => typeof i === 'object' && i.kind !== 'attribute';

/** The typed value of an item as text (atomisation of untyped xml). */
export function atomize(i: Item): string | number | boolean {
  if (typeof i !== 'object') return i;
  if (i.kind === 'attribute') return i.attr.value;
  return stringValue(i);
}

export const itemText = (i: Item): string => {
  const a = atomize(i);
  return typeof a === 'number' ? numberText(a) : typeof a === 'boolean' ? String(a) : a;
};

function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return n.toExponential().replace('e+', 'E').replace('e', 'E');
}

class Evaluator {
  constructor(
    readonly method: string,
    readonly sqlValues?: SqlValues,
  ) {}

  eval(e: XExpr, f: Focus): Item[] {
    switch (e.kind) {
      case 'root': {
        let n = f.item;
        if (typeof n !== 'object') throw unsupportedXQuery(this.method, "'/' over an atomic value");
        if (n.kind === 'attribute') n = n.owner;
        while (n.kind !== 'document') {
          if (!n.parent) break;
          n = n.parent;
        }
        return [n];
      }
      case 'step':
        return this.predicates(this.axis(e.axis, e.test, f.item), e.predicates);
      case 'path': {
        const out: Item[] = [];
        const seen = new Set<unknown>();
        const from = this.eval(e.from, f);
        from.forEach((item, i) => {
          for (const r of this.eval(e.step, { item, position: i + 1, size: from.length })) {
            const key = typeof r === 'object' && r.kind === 'attribute' ? r.attr : r;
            if (typeof r === 'object' && seen.has(key)) continue;
            seen.add(key);
            out.push(r);
          }
        });
        return out;
      }
      case 'filter':
        return this.predicates(this.eval(e.base, f), e.predicates);
      case 'literal':
        return [e.value];
      case 'sequence':
        return e.items.flatMap((x) => this.eval(x, f));
      case 'logic': {
        const l = ebv(this.eval(e.left, f));
        if (e.op === 'and' ? !l : l) return [l];
        return [ebv(this.eval(e.right, f))];
      }
      case 'compare':
        return [this.compare(e.op, this.eval(e.left, f), this.eval(e.right, f))];
      case 'call':
        return this.call(e, f);
    }
  }

  private axis(axis: Axis, test: NodeTest, item: Item): Item[] {
    if (typeof item !== 'object') throw unsupportedXQuery(this.method, 'a path step over an atomic value');
    if (item.kind === 'attribute')
      return axis === 'self' && matches(test, item) ? [item] : axis === 'parent' ? [item.owner] : [];
    const children = (n: XNode): XNode[] => (n.kind === 'element' || n.kind === 'document' ? n.children : []);
    const descendants = (n: XNode, out: XNode[]) => {
      for (const c of children(n)) {
        out.push(c);
        descendants(c, out);
      }
      return out;
    };
    let nodes: Item[];
    switch (axis) {
      case 'child':
        nodes = children(item);
        break;
      case 'descendant':
        nodes = descendants(item, []);
        break;
      case 'descendant-or-self':
        nodes = descendants(item, [item]);
        break;
      case 'self':
        nodes = [item];
        break;
      case 'parent':
        nodes = item.kind !== 'document' && item.parent ? [item.parent] : [];
        break;
      case 'attribute':
        nodes =
          item.kind === 'element'
            ? item.attrs
                .filter((a) => !a.decl)
                .map((attr): XAttr => ({ kind: 'attribute', attr, owner: item }))
            : [];
    }
    return nodes.filter((n) => matches(test, n));
  }

  private predicates(items: Item[], predicates: XExpr[]): Item[] {
    let out = items;
    for (const p of predicates)
      out = out.filter((item, i) => {
        const r = this.eval(p, { item, position: i + 1, size: out.length });
        return r.length === 1 && typeof r[0] === 'number' ? r[0] === i + 1 : ebv(r);
      });
    return out;
  }

  private compare(op: string, left: Item[], right: Item[]): boolean {
    const value = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
    if (value && (left.length > 1 || right.length > 1))
      throw unsupportedXQuery(this.method, `'${op}' over a sequence of more than one item`);
    const cmp = (a: Item, b: Item): number | undefined => {
      const x = atomize(a);
      const y = atomize(b);
      if (typeof x === 'number' || typeof y === 'number') {
        const [nx, ny] = [Number(x), Number(y)];
        return Number.isNaN(nx) || Number.isNaN(ny) ? undefined : nx - ny;
      }
      if (typeof x === 'boolean' || typeof y === 'boolean') return Number(ebv([x])) - Number(ebv([y]));
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const test: Record<string, (c: number) => boolean> = {
      '=': (c) => c === 0,
      '!=': (c) => c !== 0,
      '<': (c) => c < 0,
      '<=': (c) => c <= 0,
      '>': (c) => c > 0,
      '>=': (c) => c >= 0,
    };
    const symbol = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' }[op] ?? op;
    return left.some((a) =>
      right.some((b) => {
        const c = cmp(a, b);
        return c !== undefined && test[symbol](c);
      }),
    );
  }

  private call(e: Extract<XExpr, { kind: 'call' }>, f: Focus): Item[] {
    const arg = (i: number) => this.eval(e.args[i], f);
    const one = (i: number): Item | undefined => (e.args[i] ? arg(i)[0] : f.item);
    switch (e.name) {
      case 'sql:variable':
      case 'sql:column': {
        const v = this.sqlValues?.get(e);
        return v === undefined ? [] : [v];
      }
      case 'data':
        return arg(0).map(atomize);
      case 'string': {
        const v = one(0);
        return [v === undefined ? '' : itemText(v)];
      }
      case 'number': {
        const v = one(0);
        return [v === undefined ? NaN : Number(atomize(v))];
      }
      case 'count':
        return [arg(0).length];
      case 'sum':
        return [arg(0).reduce<number>((s, i) => s + Number(atomize(i)), 0)];
      case 'not':
        return [!ebv(arg(0))];
      case 'empty':
        return [arg(0).length === 0];
      case 'exists':
        return [arg(0).length > 0];
      case 'true':
        return [true];
      case 'false':
        return [false];
      case 'last':
        return [f.size];
      case 'position':
        return [f.position];
      case 'contains':
        return [itemText(arg(0)[0] ?? '').includes(itemText(arg(1)[0] ?? ''))];
      case 'concat':
        return [e.args.map((_, i) => itemText(arg(i)[0] ?? '')).join('')];
      case 'string-length': {
        const v = one(0);
        return [v === undefined ? 0 : [...itemText(v)].length];
      }
      case 'local-name':
      case 'name': {
        const v = one(0);
        if (v === undefined || typeof v !== 'object') return [''];
        const el = v.kind === 'attribute' ? v.attr : v.kind === 'element' ? v : undefined;
        return [el ? (e.name === 'name' ? el.name : el.local) : ''];
      }
      default:
        throw unsupportedXQuery(this.method, `the function ${e.name}()`);
    }
  }
}

function matches(test: NodeTest, n: Item): boolean {
  if (typeof n !== 'object') return false;
  switch (test.kind) {
    case 'node':
      return true;
    case 'text':
      return n.kind === 'text';
    case 'comment':
      return n.kind === 'comment';
    case 'pi':
      return n.kind === 'pi';
    case 'name': {
      const named = n.kind === 'attribute' ? n.attr : n.kind === 'element' ? n : undefined;
      if (!named) return false;
      return (test.local === '*' || test.local === named.local) && (test.ns === '*' || test.ns === named.ns);
    }
  }
}

/** XQuery's effective boolean value. */
export function ebv(items: (Item | string | number | boolean)[]): boolean {
  if (items.length === 0) return false;
  const first = items[0];
  if (typeof first === 'object') return true;
  if (typeof first === 'boolean') return first;
  if (typeof first === 'number') return first !== 0 && !Number.isNaN(first);
  return first !== '';
}

/**
 * True when SQL Server's static typing sees at most one item, as value() requires: steps with a
 * position predicate, `.`, `..`, attributes of such paths, and functions returning one value.
 */
export function isSingleton(e: XExpr): boolean {
  switch (e.kind) {
    case 'root':
    case 'literal':
    case 'compare':
    case 'logic':
      return true;
    case 'call':
      return !['data', 'string', 'number'].includes(e.name) || e.args.every(isSingleton);
    case 'filter':
      return e.predicates.some(isPosition) || isSingleton(e.base);
    case 'step':
      if (e.predicates.some(isPosition)) return true;
      return (
        e.axis === 'self' ||
        e.axis === 'parent' ||
        (e.axis === 'attribute' && e.test.kind === 'name' && e.test.local !== '*')
      );
    case 'path':
      if (e.step.kind === 'step' && e.step.axis === 'descendant-or-self') return false;
      return isSingleton(e.from) && isSingleton(e.step);
    case 'sequence':
      return e.items.length <= 1 && e.items.every(isSingleton);
  }
}

const isPosition = (p: XExpr) =>
  (p.kind === 'literal' && typeof p.value === 'number') ||
  (p.kind === 'call' && p.name === 'last' && !p.args.length);

export { isNode };
