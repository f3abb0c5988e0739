// A task's rejected rows from its worker thread to the main thread, with flow control: the worker
// posts a row only while fewer than `rejectWindow` rows it posted are not yet handed on, and the
// main thread tells it (`handed`, over the job's port) as each row's hand-on settles. So the main
// thread and the port's queue hold at most `rejectWindow` rows, however many a task rejected.

import type { MessagePort } from 'node:worker_threads';
import type { RejectedRow } from '../../plugins/endpoint.js';
import { reviveRejected, type FromWorker, type ToJob } from './worker-protocol.js';

/** Most rows posted and not yet handed on. */
export const rejectWindow = 64;

/**
 * The worker's side: posts a row, first waiting while `rejectWindow` are not yet handed on. Its
 * caller posts one row at a time (awaiting each).
 */
export function rejectSender(port: MessagePort): (rejected: RejectedRow) => Promise<void> {
  let unhanded = 0;
  let wake: (() => void) | undefined;
  port.on('message', (m: ToJob) => {
    if (m.type !== 'handed') return;
    unhanded--;
    wake?.();
  });
  return async (rejected) => {
    while (unhanded >= rejectWindow) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    unhanded++;
    port.postMessage({ type: 'reject', rejected } satisfies FromWorker);
  };
}

/**
 * The main thread's side: hands each row received on to `onReject`, in order, and tells the worker
 * once that settled. `handedOn()`: settles when every row received so far was handed on, rejecting
 * with the first failure (the rows after it are not handed on, but the worker is still told).
 */
export function rejectReceiver(
  port: MessagePort,
  onReject: (rejected: RejectedRow) => void | Promise<void>,
): { receive: (rejected: RejectedRow) => void; handedOn: () => Promise<unknown> } {
  let handedOn: Promise<unknown> = Promise.resolve();
  const handed = () => port.postMessage({ type: 'handed' } satisfies ToJob);
  return {
    receive: (rejected) => {
      const row = reviveRejected(rejected);
      handedOn = handedOn.then(() => onReject(row));
      handedOn.then(handed, handed);
    },
    handedOn: () => handedOn,
  };
}
