// What a lowering pass returns: the PostgreSQL node it built and the diagnostics it raised, as data.
// A pass is a function from a T-SQL node (and a read-only context) to a `Lowered` node; the driver
// (convert-module.ts) collects the diagnostics in order and turns them into the object's action items.

import type { Severity } from '@ferry/core';
import type { SourcePos } from '@ferry/tsql';
import type { PgExpression, PgNoteMark } from '../pg/ast.js';

/** An action item raised by a pass, before the driver names the object and quotes the source line. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly pos?: SourcePos;
  readonly message: string;
  readonly suggestion?: string;
}

export interface Lowered<T> {
  readonly node: T;
  /** In source order: a pass lists its own diagnostic before those of the parts lowered after it. */
  readonly diagnostics: readonly Diagnostic[];
}

export function lowered<T>(node: T, diagnostics: readonly Diagnostic[] = []): Lowered<T> {
  return { node, diagnostics };
}

export function diagnostic(
  code: string,
  severity: Severity,
  pos: SourcePos | undefined,
  message: string,
  suggestion?: string,
): Diagnostic {
  return { code, severity, ...(pos && { pos }), message, ...(suggestion && { suggestion }) };
}

/** `expr` marked with one diagnostic (the mark prints as a comment before it). */
export function noted(
  expr: PgExpression,
  code: string,
  severity: Severity,
  pos: SourcePos | undefined,
  message: string,
  suggestion?: string,
): Lowered<PgExpression> {
  const d = new Diagnostics();
  return d.result(d.note(expr, code, severity, pos, message, suggestion));
}

/**
 * The diagnostics of one pass as it lowers its parts, in the order it lowers them: a local of the
 * pass, which returns them with its node (`result`).
 */
export class Diagnostics {
  private readonly list: Diagnostic[] = [];

  /** The node of a part; its diagnostics become the pass's. */
  take<T>(part: Lowered<T>): T {
    this.list.push(...part.diagnostics);
    return part.node;
  }

  /** The nodes of parts lowered in order. */
  takeAll<T>(parts: readonly Lowered<T>[]): T[] {
    return parts.map((p) => this.take(p));
  }

  add(d: Diagnostic): void {
    this.list.push(d);
  }

  /** Raises a diagnostic and returns its mark, for the clause of the PostgreSQL tree it is about. */
  mark(
    code: string,
    severity: Severity,
    pos: SourcePos | undefined,
    message: string,
    suggestion?: string,
  ): PgNoteMark {
    this.add(diagnostic(code, severity, pos, message, suggestion));
    return { code, message };
  }

  /**
   * Raises a diagnostic and marks `expr` with it (the mark prints as a comment before it). Given a
   * function, the diagnostic comes before those raised while the expression is lowered.
   */
  note(
    expr: PgExpression | (() => PgExpression),
    code: string,
    severity: Severity,
    pos: SourcePos | undefined,
    message: string,
    suggestion?: string,
  ): PgExpression {
    this.add(diagnostic(code, severity, pos, message, suggestion));
    return { kind: 'Note', code, message, expr: typeof expr === 'function' ? expr() : expr };
  }

  result<T>(node: T): Lowered<T> {
    return lowered(node, this.list);
  }
}
