// The assessment report model (like AWS SCT's): objects by type with how many convert
// automatically, with warnings, or need a human; action items by code and severity.

import type { QualifiedName, SchemaModel } from '../model/schema-model.js';
import { qualifiedName } from '../model/schema-model.js';
import { severityRank, type ActionItem, type Severity } from './action-item.js';
import type { SchemaVerificationResult } from '../run/verify-schema.js';

export interface ObjectTypeSummary {
  /** e.g. `table`, `view`, `procedure`, `scalar-function`, `trigger`, `sequence`. */
  type: string;
  found: number;
  /** Converted with no action item. */
  converted: number;
  /** Converted, with medium/low action items. */
  withWarnings: number;
  /** Has a critical/high action item: needs a human. */
  manual: number;
}

export interface ActionItemGroup {
  code: string;
  severity: Severity;
  count: number;
  objects: string[];
}

export interface AssessmentReport {
  kind: 'assessment';
  title: string;
  createdAt: string;
  source: string;
  objects: ObjectTypeSummary[];
  /** Share of objects converted automatically (with or without warnings), 0..100. */
  convertedPercent: number;
  actionItemGroups: ActionItemGroup[];
  actionItems: ActionItem[];
  /**
   * What PostgreSQL accepted: every converted object applied inside a rolled-back transaction, each
   * one applies / applies with action items / fails / not converted (absent: not verified).
   */
  verification?: SchemaVerificationResult;
  /** Share of the verified objects that apply (with or without action items), 0..100. */
  verifiedPercent?: number;
}

/**
 * Summarises a source model and its action items. An action item belongs to an object when its
 * `object` is the object's source or target `schema.name`, starts with it followed by `.`, or ends
 * with it after a space (e.g. `procedure dbo.CustOrderHist`, `type dbo.order_lines`).
 */
export function buildAssessmentReport(input: {
  model: SchemaModel;
  actionItems: readonly ActionItem[];
  /** Source `schema.name` -> target name, for the action items the target names by target name. */
  targetNames?: ReadonlyMap<string, QualifiedName>;
  source: string;
  title?: string;
  createdAt?: Date;
  verification?: SchemaVerificationResult;
}): AssessmentReport {
  const { model, actionItems } = input;
  const objects: Array<{ type: string; name: string }> = [
    ...model.tables.map((o) => ({ type: 'table', name: qualifiedName(o) })),
    ...model.views.map((o) => ({ type: 'view', name: qualifiedName(o) })),
    ...model.routines.map((o) => ({ type: o.kind, name: qualifiedName(o) })),
    ...model.triggers.map((o) => ({ type: 'trigger', name: qualifiedName(o) })),
    ...model.sequences.map((o) => ({ type: 'sequence', name: qualifiedName(o) })),
    ...model.userTypes.map((o) => ({ type: 'user-type', name: qualifiedName(o) })),
    ...model.synonyms.map((o) => ({ type: 'synonym', name: qualifiedName(o) })),
  ];
  const names = (source: string) => {
    const target = input.targetNames?.get(source);
    return target && qualifiedName(target) !== source ? [source, qualifiedName(target)] : [source];
  };
  const itemsOf = (source: string) =>
    actionItems.filter((a) =>
      names(source).some(
        (name) => a.object === name || a.object.startsWith(`${name}.`) || a.object.endsWith(` ${name}`),
      ),
    );
  const summary = new Map<string, ObjectTypeSummary>();
  for (const o of objects) {
    const s = summary.get(o.type) ?? { type: o.type, found: 0, converted: 0, withWarnings: 0, manual: 0 };
    const items = itemsOf(o.name);
    s.found++;
    if (items.some((a) => a.severity === 'critical' || a.severity === 'high')) s.manual++;
    else if (items.length) s.withWarnings++;
    else s.converted++;
    summary.set(o.type, s);
  }
  const groups = new Map<string, ActionItemGroup>();
  for (const a of actionItems) {
    const key = `${a.severity}\u0000${a.code}`;
    const g = groups.get(key) ?? { code: a.code, severity: a.severity, count: 0, objects: [] };
    g.count++;
    if (!g.objects.includes(a.object)) g.objects.push(a.object);
    groups.set(key, g);
  }
  const found = objects.length;
  const automatic = [...summary.values()].reduce((n, s) => n + s.converted + s.withWarnings, 0);
  return {
    kind: 'assessment',
    title: input.title ?? 'Ferry assessment report',
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    source: input.source,
    objects: [...summary.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    convertedPercent: found ? Math.round((automatic / found) * 1000) / 10 : 100,
    actionItemGroups: [...groups.values()].sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    ),
    actionItems: [...actionItems].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]),
    ...(input.verification
      ? { verification: input.verification, verifiedPercent: verifiedPercent(input.verification) }
      : {}),
  };
}

function verifiedPercent(v: SchemaVerificationResult): number {
  const applies = v.objects.filter((o) => o.status === 'applies' || o.status === 'applies-with-action-items');
  return v.objects.length ? Math.round((applies.length / v.objects.length) * 1000) / 10 : 100;
}
