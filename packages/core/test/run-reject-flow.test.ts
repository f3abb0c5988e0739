import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RejectedRow } from '../src/plugins/endpoint.js';
import { rejectReceiver, rejectSender, rejectWindow } from '../src/run/task-workers/reject-flow.js';
import type { FromWorker } from '../src/run/task-workers/worker-protocol.js';

const row = (n: number): RejectedRow => ({
  table: 'app.accounts',
  rowNumber: n,
  key: { id: n },
  column: 'code',
  code: 'NUL_IN_TEXT',
  reason: 'a NUL character',
  row: [n, Buffer.from([n % 256])],
});

describe('rejected rows from a worker', () => {
  it('are posted only while fewer than rejectWindow are not yet handed on, and all arrive in order', async () => {
    const { port1: main, port2: worker } = new MessageChannel();
    const count = rejectWindow * 5 + 3;
    let posted = 0;
    let handed = 0;
    let mostInFlight = 0;
    const arrived: RejectedRow[] = [];
    const receiver = rejectReceiver(main, async (r) => {
      mostInFlight = Math.max(mostInFlight, posted - handed);
      await new Promise((resolve) => setTimeout(resolve, 1));
      arrived.push(r);
      handed++;
    });
    main.on('message', (m: FromWorker) => m.type === 'reject' && receiver.receive(m.rejected));
    const send = rejectSender(worker);
    try {
      for (let n = 1; n <= count; n++) {
        await send(row(n));
        posted++;
        mostInFlight = Math.max(mostInFlight, posted - handed);
      }
      await new Promise<void>((resolve) => {
        const wait = () => (handed === count ? resolve() : setTimeout(wait, 5));
        wait();
      });
      await receiver.handedOn();
    } finally {
      main.close();
    }
    expect(mostInFlight).toBe(rejectWindow);
    expect(arrived).toEqual(Array.from({ length: count }, (_, i) => row(i + 1)));
    expect(Buffer.isBuffer(arrived[0]!.row[1])).toBe(true);
  });

  it('keep coming when handing one on failed, and the failure is reported', async () => {
    const { port1: main, port2: worker } = new MessageChannel();
    const seen: number[] = [];
    const receiver = rejectReceiver(main, (r) => {
      seen.push(r.rowNumber);
      if (r.rowNumber === 2) throw new Error('the rejected-rows file is full');
    });
    let received = 0;
    main.on('message', (m: FromWorker) => m.type === 'reject' && (received++, receiver.receive(m.rejected)));
    const send = rejectSender(worker);
    try {
      for (let n = 1; n <= rejectWindow * 2; n++) await send(row(n));
      await new Promise<void>((resolve) => {
        const wait = () => (received === rejectWindow * 2 ? resolve() : setTimeout(wait, 5));
        wait();
      });
      await expect(receiver.handedOn()).rejects.toThrow('the rejected-rows file is full');
    } finally {
      main.close();
    }
    expect(seen).toEqual([1, 2]);
  });
});
