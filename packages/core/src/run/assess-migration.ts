// assess(): introspect and convert, then apply the converted schema on a real PostgreSQL inside a
// transaction that is rolled back (the target's, or the one given as `verifyOn`), and summarise what
// converts automatically, what PostgreSQL accepted, and what needs a human (the assessment report model).

import { buildAssessmentReport, type AssessmentReport } from '../report/assessment-report.js';
import type { TargetEndpoint } from '../plugins/endpoint.js';
import type { Migration } from './open-migration.js';
import { plan, type MigrationPlan, type PlanOptions } from './plan-migration.js';
import { verifyPlan } from './verify-schema.js';

export interface Assessment {
  report: AssessmentReport;
  plan: MigrationPlan;
}

export interface AssessOptions extends PlanOptions {
  /** Verify on this target instead of the migration's (e.g. an embedded PostgreSQL for `--offline`). */
  verifyOn?: TargetEndpoint;
  /** How the report names where it verified (default: the target's name). */
  verifiedOn?: string;
  /** False: convert only, apply nothing (no verification in the report). */
  verify?: boolean;
}

export async function assess(migration: Migration, options: AssessOptions = {}): Promise<Assessment> {
  const planned = await plan(migration, options);
  const verification =
    options.verify === false
      ? undefined
      : await verifyPlan(options.verifyOn ?? migration.target, planned, {
          ...options,
          ...(options.verifiedOn ? { on: options.verifiedOn } : {}),
        });
  const report = buildAssessmentReport({
    model: planned.sourceModel,
    actionItems: [...planned.actionItems, ...(verification?.actionItems ?? [])],
    targetNames: planned.targetNames,
    principalNames: planned.principalNames,
    schemaNames: planned.schemaNames,
    place: (o) => migration.target.place?.(o) ?? o,
    steps: [...planned.plan.preData, ...planned.plan.postData],
    source: migration.source.name,
    ...(verification ? { verification } : {}),
  });
  return { report, plan: planned };
}
