// What this process tells the `ferry` supervisor (bin/ferry.js) over its IPC channel: while a run is
// unrecorded, how to record it as interrupted should this process be killed. Only when supervised.

import { resolve } from 'node:path';
import type { CommandContext } from './main.js';

/** The hidden command that records a killed run as interrupted (see record-interrupted-command.ts). */
export const recordInterruptedCommandName = 'record-interrupted';

/** Says a run is under way (until `runRecorded`): if this process dies, the supervisor records it. */
export function runUnderWay(ctx: CommandContext): void {
  const config = ctx.options.config ? ['--config', resolve(ctx.cwd, ctx.options.config)] : [];
  tellSupervisor([...config, recordInterruptedCommandName]);
}

/** The run recorded how it ended: nothing left for the supervisor to do. */
export function runRecorded(): void {
  tellSupervisor(undefined);
}

function tellSupervisor(recorder: string[] | undefined): void {
  if (process.env.FERRY_SUPERVISED === '1') process.send?.({ type: 'ferry-supervisor', recorder });
}
