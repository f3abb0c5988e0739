// The assessment report model (like AWS SCT's): objects by type with how many convert
// automatically, with warnings, or need a human; action items by code and severity; each object.

import { severityRank, type ActionItem, type Severity } from './action-item.js';
import type { SchemaVerificationResult } from '../run/verify-schema.js';
import { assessedObjects, type AssessedObject, type AssessedObjectsInput } from './assessed-objects.js';

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
  /** Most severe first. */
  actionItems: ActionItem[];
  /**
   * Every source object with its status, source text, converted files and action items (the page's
   * tree); absent in an assessment.json written before it existed.
   */
  objectDetails?: AssessedObject[];
  /**
   * What PostgreSQL accepted: every converted object applied inside a rolled-back transaction, each
   * one applies / applies with action items / fails / not converted (absent: not verified).
   */
  verification?: SchemaVerificationResult;
  /** Share of the verified objects that apply (with or without action items), 0..100. */
  verifiedPercent?: number;
}

/**
 * Summarises a source model and its action items, object by object (see `assessedObjects` for which
 * items belong to an object) and by object type.
 */
export function buildAssessmentReport(
  input: AssessedObjectsInput & { source: string; title?: string; createdAt?: Date },
): AssessmentReport {
  const actionItems = [...input.actionItems].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity],
  );
  const details = assessedObjects({ ...input, actionItems });
  const summary = new Map<string, ObjectTypeSummary>();
  for (const o of details) {
    const s = summary.get(o.kind) ?? { type: o.kind, found: 0, converted: 0, withWarnings: 0, manual: 0 };
    s.found++;
    if (o.category === 'manual') s.manual++;
    else if (o.category === 'with-warnings') s.withWarnings++;
    else s.converted++;
    summary.set(o.kind, s);
  }
  const groups = new Map<string, ActionItemGroup>();
  for (const a of actionItems) {
    const key = `${a.severity}\u0000${a.code}`;
    const g = groups.get(key) ?? { code: a.code, severity: a.severity, count: 0, objects: [] };
    g.count++;
    if (!g.objects.includes(a.object)) g.objects.push(a.object);
    groups.set(key, g);
  }
  const automatic = details.filter((o) => o.category !== 'manual').length;
  return {
    kind: 'assessment',
    title: input.title ?? 'Ferry assessment report',
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    source: input.source,
    objects: [...summary.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    convertedPercent: details.length ? Math.round((automatic / details.length) * 1000) / 10 : 100,
    actionItemGroups: [...groups.values()].sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    ),
    actionItems,
    objectDetails: details,
    ...(input.verification
      ? { verification: input.verification, verifiedPercent: verifiedPercent(input.verification) }
      : {}),
  };
}

function verifiedPercent(v: SchemaVerificationResult): number {
  const applies = v.objects.filter((o) => o.status === 'applies' || o.status === 'applies-with-action-items');
  return v.objects.length ? Math.round((applies.length / v.objects.length) * 1000) / 10 : 100;
}
