// The xml data type's text: a parser for documents and fragments (SQL Server's xml holds either),
// with its 9400-range "XML parsing" errors, and the serialisation SQL Server gives a stored value:
// no XML declaration, CDATA as escaped text, `<e />` for empty elements, double-quoted attributes,
// and (unless CONVERT style 1) no whitespace-only text.

import { SqlError } from '../errors.js';

export interface XmlAttr {
  /** As written: `id`, `p:id`, `xmlns`, `xmlns:p`. */
  name: string;
  local: string;
  ns: string;
  value: string;
  /** A namespace declaration (`xmlns`, `xmlns:p`). */
  decl: boolean;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  local: string;
  ns: string;
  attrs: XmlAttr[];
  children: XmlNode[];
  parent: XmlParent;
  /** Prefix -> URI for the names in scope here (inherited and declared). */
  scope: Map<string, string>;
}
export interface XmlDocument {
  kind: 'document';
  children: XmlNode[];
}
export type XmlParent = XmlElement | XmlDocument;
export type XmlNode =
  | XmlElement
  | { kind: 'text'; value: string; parent: XmlParent }
  | { kind: 'comment'; value: string; parent: XmlParent }
  | { kind: 'pi'; target: string; value: string; parent: XmlParent };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME_START = /[A-Za-z_:\u00c0-\ufffd]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00b7\u00c0-\ufffd]/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export interface XmlParseOptions {
  /** CONVERT(xml, ..., 1): keep whitespace-only text. */
  preserveSpace?: boolean;
  /** The input was Unicode (nvarchar): an encoding declaration must say UTF-16. */
  unicode?: boolean;
}

/** Parses xml text (a document or a fragment) into a tree. */
export function parseXml(text: string, options: XmlParseOptions = {}): XmlDocument {
  return new XmlReader(text, options).document();
}

class XmlReader {
  at = 0;
  constructor(
    readonly text: string,
    readonly options: XmlParseOptions,
  ) {}

  error(number: number, what: string, at = this.at): SqlError {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const character = at - (before.lastIndexOf('\n') + 1);
    return new SqlError(number, `XML parsing: line ${line}, character ${character}, ${what}`, 16);
  }

  eof(): SqlError {
    return this.error(9400, 'unexpected end of input', this.text.length);
  }

  document(): XmlDocument {
    const doc: XmlDocument = { kind: 'document', children: [] };
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    if (this.text.startsWith('<?xml', this.at) && /\s/.test(this.text[this.at + 5] ?? '')) this.declaration();
    const scope = new Map([['xml', XML_NS]]);
    this.content(doc, scope);
    if (this.at < this.text.length) throw this.error(9436, 'end tag does not match start tag', this.at + 2);
    return doc;
  }

  /** `<?xml version="1.0" encoding="..."?>`: dropped, but its encoding must match the input. */
  private declaration(): void {
    const end = this.text.indexOf('?>', this.at);
    if (end < 0) throw this.eof();
    const body = this.text.slice(this.at + 5, end);
    this.at = end + 2;
    const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1].toUpperCase();
    if (encoding === undefined) return;
    const utf16 = encoding === 'UTF-16' || encoding === 'UCS-2';
    if (utf16 !== !!this.options.unicode) throw this.error(9402, 'unable to switch the encoding');
  }

  /** Children up to a `</` (left for the caller) or the end of the text. */
  private content(parent: XmlParent, scope: Map<string, string>): void {
    let text = '';
    const flush = () => {
      if (text !== '' && (this.options.preserveSpace || /[^ \t\r\n]/.test(text)))
        parent.children.push({ kind: 'text', value: text, parent });
      text = '';
    };
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === '&') text += this.reference();
      else if (c !== '<') {
        text += c === '\r' ? (this.text[this.at + 1] === '\n' ? '' : '\n') : c;
        this.at++;
      } else if (this.text.startsWith('</', this.at)) break;
      else if (this.text.startsWith('<![CDATA[', this.at)) {
        const end = this.text.indexOf(']]>', this.at);
        if (end < 0) throw this.eof();
        text += this.text.slice(this.at + 9, end);
        this.at = end + 3;
      } else {
        flush();
        if (this.text.startsWith('<!--', this.at)) this.comment(parent);
        else if (this.text.startsWith('<?', this.at)) this.pi(parent);
        else if (this.text.startsWith('<!DOCTYPE', this.at))
          throw new SqlError(
            6359,
            'Parsing XML with internal subset DTDs not allowed. Use CONVERT with style option 2 to enable limited internal subset DTD support.',
            16,
          );
        else this.element(parent, scope);
      }
    }
    flush();
  }

  private comment(parent: XmlParent): void {
    const end = this.text.indexOf('-->', this.at + 4);
    if (end < 0) throw this.eof();
    parent.children.push({ kind: 'comment', value: this.text.slice(this.at + 4, end), parent });
    this.at = end + 3;
  }

  private pi(parent: XmlParent): void {
    this.at += 2;
    const target = this.name();
    const end = this.text.indexOf('?>', this.at);
    if (end < 0) throw this.eof();
    parent.children.push({ kind: 'pi', target, value: this.text.slice(this.at, end).trimStart(), parent });
    this.at = end + 2;
  }

  private name(): string {
    const start = this.at;
    if (this.at >= this.text.length) throw this.eof();
    if (!NAME_START.test(this.text[this.at]))
      throw this.error(9455, 'illegal qualified name character', this.at + 1);
    while (this.at < this.text.length && NAME_CHAR.test(this.text[this.at])) this.at++;
    return this.text.slice(start, this.at);
  }

  private space(): boolean {
    const start = this.at;
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at])) this.at++;
    return this.at > start;
  }

  private reference(): string {
    const start = this.at++;
    const end = this.text.indexOf(';', this.at);
    if (end < 0 || end - start > 12) throw this.error(9411, 'semicolon expected', start + 1);
    const ref = this.text.slice(this.at, end);
    this.at = end + 1;
    if (ref in ENTITIES) return ENTITIES[ref];
    const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
    if (!m) throw this.error(9421, 'illegal name character', start + 2);
    return String.fromCodePoint(m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : Number(m[1]));
  }

  private element(parent: XmlParent, outer: Map<string, string>): void {
    this.at++;
    const name = this.name();
    const raw: { name: string; value: string; at: number }[] = [];
    for (;;) {
      const spaced = this.space();
      if (this.at >= this.text.length) throw this.eof();
      if (this.text.startsWith('/>', this.at) || this.text[this.at] === '>') break;
      if (!spaced) throw this.error(9410, 'whitespace expected', this.at + 1);
      const at = this.at;
      const attr = this.name();
      this.space();
      if (this.text[this.at] !== '=') throw this.error(9410, 'equal expected', this.at + 1);
      this.at++;
      this.space();
      const quote = this.text[this.at];
      if (quote !== '"' && quote !== "'")
        throw this.error(9413, 'A string literal was expected', this.at + 1);
      this.at++;
      let value = '';
      while (this.text[this.at] !== quote) {
        if (this.at >= this.text.length) throw this.eof();
        if (this.text[this.at] === '<')
          throw this.error(9413, "'<' not allowed in attribute value", this.at + 1);
        const ch = this.text[this.at];
        if (ch === '&') {
          value += this.reference();
          continue;
        }
        // Attribute-value normalisation: a line end (\r\n as one) or a tab reads as a space.
        if (!(ch === '\r' && this.text[this.at + 1] === '\n')) value += /[\t\r\n]/.test(ch) ? ' ' : ch;
        this.at++;
      }
      this.at++;
      if (raw.some((r) => r.name === attr)) throw this.error(9437, 'duplicate attribute', this.at);
      raw.push({ name: attr, value, at });
    }
    const scope = new Map(outer);
    for (const r of raw)
      if (r.name === 'xmlns') scope.set('', r.value);
      else if (r.name.startsWith('xmlns:')) scope.set(r.name.slice(6), r.value);
    const resolve = (qname: string, at: number, isAttr: boolean): [string, string] => {
      const i = qname.indexOf(':');
      if (i < 0) return [qname, isAttr ? '' : (scope.get('') ?? '')];
      const ns = scope.get(qname.slice(0, i));
      if (ns === undefined) throw this.error(9459, 'undeclared prefix', at + i + 1);
      return [qname.slice(i + 1), ns];
    };
    const [local, ns] = resolve(name, this.at - name.length, false);
    const el: XmlElement = { kind: 'element', name, local, ns, attrs: [], children: [], parent, scope };
    for (const r of raw) {
      const decl = r.name === 'xmlns' || r.name.startsWith('xmlns:');
      const [alocal, ans] = decl ? [r.name, ''] : resolve(r.name, r.at, true);
      el.attrs.push({ name: r.name, local: alocal, ns: ans, value: r.value, decl });
    }
    parent.children.push(el);
    if (this.text.startsWith('/>', this.at)) {
      this.at += 2;
      return;
    }
    this.at++;
    this.content(el, scope);
    if (this.at >= this.text.length) throw this.eof();
    this.at += 2;
    const close = this.name();
    if (close !== name) throw this.error(9436, 'end tag does not match start tag', this.at);
    this.space();
    if (this.text[this.at] !== '>')
      throw this.at >= this.text.length
        ? this.eof()
        : this.error(9455, 'illegal qualified name character', this.at + 1);
    this.at++;
  }
}

// ---------------------------------------------------------------------------------- serialisation

const escapeText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttr = (s: string) =>
  escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');

/** A node as SQL Server writes xml: `<e a="1" />`, text escaped, comments and PIs kept. */
export function serializeNode(node: XmlNode | XmlDocument, extraDecls: XmlAttr[] = []): string {
  switch (node.kind) {
    case 'document':
      return node.children.map((c) => serializeNode(c)).join('');
    case 'text':
      return escapeText(node.value);
    case 'comment':
      return `<!--${node.value}-->`;
    case 'pi':
      return `<?${node.target}${node.value ? ' ' + node.value : ''}?>`;
    case 'element': {
      const attrs = [...extraDecls, ...node.attrs].map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('');
      const body = node.children.map((c) => serializeNode(c)).join('');
      return body === '' ? `<${node.name}${attrs} />` : `<${node.name}${attrs}>${body}</${node.name}>`;
    }
  }
}

/**
 * An element cut out of its document (query(), nodes()): with declarations for the prefixes it
 * inherited and uses, so that it stands alone.
 */
export function serializeDetached(node: XmlNode): string {
  if (node.kind !== 'element') return serializeNode(node);
  const needed: XmlAttr[] = [];
  const added = new Set<string>();
  const visit = (e: XmlElement, declared: Set<string>) => {
    const here = new Set([...declared, ...e.attrs.filter((a) => a.decl).map((a) => a.name)]);
    const qnames = [e.name, ...e.attrs.filter((a) => !a.decl && a.name.includes(':')).map((a) => a.name)];
    for (const qname of qnames) {
      const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '';
      const declName = prefix ? `xmlns:${prefix}` : 'xmlns';
      if (prefix === 'xml' || here.has(declName) || added.has(declName)) continue;
      const uri = e.scope.get(prefix) ?? '';
      if (!prefix && uri === '') continue;
      added.add(declName);
      needed.push({ name: declName, local: declName, ns: '', value: uri, decl: true });
    }
    for (const c of e.children) if (c.kind === 'element') visit(c, here);
  };
  visit(node, new Set());
  return serializeNode(node, needed);
}

/** The string value of a node (XQuery's data()/string()): all descendant text. */
export function stringValue(node: XmlNode | XmlDocument): string {
  if (node.kind === 'text') return node.value;
  if (node.kind === 'comment' || node.kind === 'pi') return node.value;
  return node.children.map((c) => (c.kind === 'comment' || c.kind === 'pi' ? '' : stringValue(c))).join('');
}

/** Text converted to xml: parsed (refusing malformed xml) and written back as SQL Server stores it. */
export function toXmlText(text: string, options: XmlParseOptions = {}): string {
  return serializeNode(parseXml(text, options));
}
