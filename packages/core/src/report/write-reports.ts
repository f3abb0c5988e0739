// Writes a report as JSON, Markdown and HTML files into a folder; returns their paths.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './render-html.js';
import { renderJson, renderMarkdown, type Report } from './render-report.js';

export interface ReportFiles {
  json: string;
  markdown: string;
  html: string;
}

/** File base name per report kind: `run-report.*` and `assessment.*`. */
export function reportBaseName(report: Report): string {
  return report.kind === 'run' ? 'run-report' : 'assessment';
}

export async function writeReports(dir: string, report: Report): Promise<ReportFiles> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const base = join(folder, reportBaseName(report));
  const files: ReportFiles = { json: `${base}.json`, markdown: `${base}.md`, html: `${base}.html` };
  await Promise.all([
    writeFile(files.json, renderJson(report)),
    writeFile(files.markdown, renderMarkdown(report)),
    writeFile(files.html, renderHtml(report)),
  ]);
  return files;
}
