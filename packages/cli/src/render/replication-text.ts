// How the task list and plain lines show a replication cycle and a cutover.

import { formatCount, formatRate, type RunEvent } from '@ferry/core';

export function replicationText(e: Extract<RunEvent, { type: 'replication' }>): string {
  return `${formatCount(e.totalChanges)} changes applied, ${formatRate(e.changesPerSecond)} changes/s, lag ${e.lagSeconds.toFixed(1)} s (${e.transactionsBehind} transactions caught up), at ${e.position}`;
}

export function cutoverText(e: Extract<RunEvent, { type: 'cutover' }>): string {
  return e.stage === 'requested'
    ? `cutover requested at ${e.position}: waiting for the source's writes to stop`
    : `cutover: source writes stopped at ${e.position}, applying the last changes`;
}
