// assess(): introspect and convert without executing anything, then summarise what converts
// automatically and what needs a human (the assessment report model).

import { buildAssessmentReport, type AssessmentReport } from '../report/assessment-report.js';
import type { Migration } from './open-migration.js';
import { plan, type MigrationPlan } from './plan-migration.js';
import type { PhaseOptions } from './run-phase.js';

export interface Assessment {
  report: AssessmentReport;
  plan: MigrationPlan;
}

export async function assess(migration: Migration, options: PhaseOptions = {}): Promise<Assessment> {
  const planned = await plan(migration, options);
  const report = buildAssessmentReport({
    model: planned.sourceModel,
    actionItems: planned.actionItems,
    targetNames: planned.targetNames,
    source: migration.source.name,
  });
  return { report, plan: planned };
}
