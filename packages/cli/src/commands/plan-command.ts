// `ferry plan [--dry-run]`: prints the SQL of every phase and the data tasks; executes nothing and does
// not reach the target (the code is written for the target's configured or default version).

import { ExitCode, plan } from '@ferry/core';
import type { CommandContext } from '../main.js';
import { withMigration } from '../open-config.js';
import { createRenderer } from '../render/renderer.js';

export async function planCommand(ctx: CommandContext): Promise<ExitCode> {
  return withMigration(ctx, async (migration) => {
    // Progress lines would mix with the SQL on stdout: only --json gets the events.
    const renderer = ctx.out.json ? createRenderer(ctx.out) : undefined;
    const result = await plan(migration, { onEvent: renderer?.onEvent, offline: true });
    ctx.out.event({ type: 'plan', ...result.plan, actionItems: result.actionItems });
    ctx.out.line(result.text);
    return ExitCode.ok;
  });
}
