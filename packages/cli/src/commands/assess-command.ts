// `ferry assess [--offline]`: converts the schema, applies it on PostgreSQL inside a transaction that is
// rolled back (the configured target; with --offline an embedded PostgreSQL started for the purpose),
// and reports per object what PostgreSQL accepted, in the terminal and as assessment.{html,md,json}.

import {
  ExitCode,
  assess,
  writeReports,
  type Assessment,
  type Migration,
  type RunEventSink,
} from '@ferry/core';
import { postgres, postgresConfigSchema } from '@ferry/target-postgres';
import type { CommandContext } from '../main.js';
import { startEmbeddedPostgres } from '../embedded-postgres.js';
import { withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';
import { printWarnings, reportsDir, textTable } from './shared.js';

export async function assessCommand(
  ctx: CommandContext,
  opts: { offline?: boolean } = {},
): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    const renderer = createRenderer(ctx.out);
    const { report, plan } = await (opts.offline
      ? assessOffline(ctx, migration, renderer.onEvent)
      : assess(migration, { onEvent: renderer.onEvent }));
    await renderer.finish();
    ctx.out.line();
    ctx.out.line(
      textTable(
        ['object type', 'found', 'converted', 'with warnings', 'needs you'],
        report.objects.map((o) => [
          o.type,
          String(o.found),
          String(o.converted),
          String(o.withWarnings),
          String(o.manual),
        ]),
      ),
    );
    ctx.out.line();
    ctx.out.line(
      `converted automatically: ${report.convertedPercent}% of ${report.objects.reduce((n, o) => n + o.found, 0)} objects`,
    );
    printVerification(ctx, report);
    printWarnings(ctx, plan.actionItems.concat(report.verification?.actionItems ?? []));
    const files = await writeReports(reportsDir(ctx, migration), report);
    ctx.out.line(`reports: ${files.html}`);
    ctx.out.event({ type: 'assessment', report, reports: files });
    return ExitCode.ok;
  });
}

/** Verifies on an embedded PostgreSQL started (and stopped) for this command. */
async function assessOffline(
  ctx: CommandContext,
  migration: Migration,
  onEvent: RunEventSink,
): Promise<Assessment> {
  const server = await startEmbeddedPostgres();
  try {
    const verifier = await postgres.create(postgresConfigSchema.parse({ url: server.url }), {
      log: () => undefined,
      notice: () => undefined,
      cwd: ctx.cwd,
    });
    try {
      return await assess(migration, {
        onEvent,
        offline: true,
        verifyOn: verifier,
        verifiedOn: 'an embedded PostgreSQL',
      });
    } finally {
      await verifier.close();
    }
  } finally {
    await server.stop();
  }
}

/** What PostgreSQL accepted, per kind of object, and the headline share. */
function printVerification(ctx: CommandContext, report: Assessment['report']): void {
  const v = report.verification;
  if (!v) return;
  ctx.out.line();
  ctx.out.line(
    textTable(
      ['object kind', 'objects', 'applies', 'with action items', 'fails', 'not converted'],
      v.byKind.map((k) => [
        k.kind,
        String(k.objects),
        String(k.applies),
        String(k.withActionItems),
        String(k.fails),
        String(k.notConverted),
      ]),
    ),
  );
  ctx.out.line();
  const applies = v.objects.filter(
    (o) => o.status === 'applies' || o.status === 'applies-with-action-items',
  ).length;
  ctx.out.line(
    `applies in PostgreSQL: ${applies} of ${v.objects.length} objects (${report.verifiedPercent ?? 100}%), verified on ${v.on} in a transaction that was rolled back`,
  );
  for (const o of v.objects.filter((x) => x.status === 'fails'))
    ctx.out.line(`  fails: ${o.kind} ${o.object} (${o.file}): ${o.error ?? ''}`);
}
