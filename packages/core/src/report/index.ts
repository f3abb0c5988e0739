export * from './run-report.js';
export * from './assessment-report.js';
export type { AssessedObject, ConversionCategory, ConvertedFile } from './assessed-objects.js';
export * from './format-figures.js';
export * from './render-report.js';
export * from './render-html.js';
export { actionItemCountsText } from './render-assessment.js';
export * from './render-summary.js';
export * from './write-reports.js';
