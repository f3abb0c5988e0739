// An action item: something that could not be converted or moved faithfully and needs a human,
// like an entry of the AWS SCT assessment report.

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Sort key of a severity, most severe first. */
export const severityRank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface ActionItem {
  /** Stable code, e.g. `TYPE_HIERARCHYID`, `LOSSY_TIME_PRECISION`. */
  code: string;
  severity: Severity;
  /** The object concerned, e.g. `dbo.Orders` or `dbo.Orders.OrderDate` or `procedure dbo.CustOrderHist`. */
  object: string;
  message: string;
  line?: number;
  column?: number;
  snippet?: string;
  suggestion?: string;
}
