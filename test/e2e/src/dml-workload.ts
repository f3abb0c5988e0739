// A steady, seeded DML workload on the emulator for the replication tests (issue 20.4): inserts,
// updates (of the key too), deletes, multi-row transactions and rolled-back transactions on
// dbo.Orders (Id int PRIMARY KEY, Customer nvarchar(40), Total decimal(9,2)) and its dbo.Lines.

import type { RunningEmulator } from '@ferry/mssql-emulator';

/** The tables the workload writes, with `rows` orders of two lines each, under CDC. */
export function workloadScript(rows: number): string {
  return `
CREATE TABLE dbo.Orders (Id int NOT NULL PRIMARY KEY, Customer nvarchar(40) NOT NULL, Total decimal(9,2) NULL)
GO
CREATE TABLE dbo.Lines (OrderId int NOT NULL, Line int NOT NULL, Qty int NOT NULL, PRIMARY KEY (OrderId, Line))
GO
INSERT INTO dbo.Orders (Id, Customer, Total)
SELECT value, CONCAT(N'Kunde ', value, N' ü'), CAST(value % 997 AS decimal(9,2)) / 4 FROM GENERATE_SERIES(1, ${rows})
GO
INSERT INTO dbo.Lines (OrderId, Line, Qty) SELECT value, 1, value % 13 FROM GENERATE_SERIES(1, ${rows})
GO
INSERT INTO dbo.Lines (OrderId, Line, Qty) SELECT value, 2, value % 7 FROM GENERATE_SERIES(1, ${rows})
GO
EXEC sys.sp_cdc_enable_db
GO
EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Orders', @role_name = NULL
GO
EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Lines', @role_name = NULL
`;
}

export interface DmlWorkload {
  /** Statements (batches) run so far, by kind. */
  readonly counts: Record<string, number>;
  /** The rows of dbo.Orders and dbo.Lines after the batches run so far, by the workload's own count. */
  rows(): { orders: number; lines: number };
  /** Holds the batches after the one under way (resolves when it ended) until `resume()`. */
  pause(): Promise<void>;
  resume(): void;
  /** Stops after the batch under way; resolves when it ended. */
  stop(): Promise<void>;
}

/** Runs batches one after another on a session of the emulator until stopped. */
export function startWorkload(emulator: RunningEmulator, rows: number, seed = 1): DmlWorkload {
  const session = emulator.engine.openSession({
    user: emulator.config.user,
    database: emulator.config.database,
  });
  const counts: Record<string, number> = {};
  const ids = new Set<number>(Array.from({ length: rows }, (_, i) => i + 1));
  /** Lines per order id. */
  const lines = new Map<number, number>([...ids].map((id) => [id, 2]));
  let next = rows + 1;
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(state / 65_536) % n;
  };
  const anyId = () => [...ids][random(ids.size)]!;
  const exec = async (kind: string, sql: string) => {
    for await (const r of session.executeBatch(sql, new AbortController().signal))
      if (r.kind === 'error') throw new Error(`workload ${kind} failed: ${r.error.message}\n${sql}`);
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  const insert = (id: number) =>
    `INSERT INTO dbo.Orders VALUES (${id}, N'neu ${id}', ${id % 100}.25); INSERT INTO dbo.Lines VALUES (${id}, 1, ${id % 5});`;
  const step = async () => {
    const op = random(6);
    if (op === 0) {
      const a = next++;
      const b = next++;
      await exec('insert', `${insert(a)} ${insert(b)}`);
      ids.add(a).add(b);
      lines.set(a, 1).set(b, 1);
    } else if (op === 1) {
      await exec(
        'update',
        `UPDATE dbo.Orders SET Total = Total + 1, Customer = N'geändert' WHERE Id = ${anyId()}`,
      );
    } else if (op === 2) {
      const from = anyId();
      const to = next++;
      await exec(
        'key-update',
        `BEGIN TRAN; UPDATE dbo.Orders SET Id = ${to} WHERE Id = ${from}; UPDATE dbo.Lines SET OrderId = ${to} WHERE OrderId = ${from}; COMMIT`,
      );
      ids.delete(from);
      ids.add(to);
      lines.set(to, lines.get(from)!).delete(from);
    } else if (op === 3) {
      const id = anyId();
      await exec(
        'delete',
        `DELETE FROM dbo.Lines WHERE OrderId = ${id}; DELETE FROM dbo.Orders WHERE Id = ${id}`,
      );
      ids.delete(id);
      lines.delete(id);
    } else if (op === 4) {
      const a = next++;
      const b = anyId();
      await exec(
        'transaction',
        `BEGIN TRAN; ${insert(a)} UPDATE dbo.Lines SET Qty = Qty + 10 WHERE OrderId = ${b}; INSERT INTO dbo.Lines VALUES (${b}, 3 + ${a}, 1); COMMIT`,
      );
      ids.add(a);
      lines.set(a, 1).set(b, lines.get(b)! + 1);
    } else {
      const a = next++;
      await exec(
        'rollback',
        `BEGIN TRAN; ${insert(a)} UPDATE dbo.Orders SET Total = 0 WHERE Id = ${anyId()}; ROLLBACK`,
      );
    }
  };
  let stopped = false;
  let paused = false;
  let idle: Promise<void> = Promise.resolve();
  const loop = (async () => {
    while (!stopped) {
      if (!paused) {
        const batch = step();
        idle = batch;
        await batch;
      }
      await new Promise((r) => setTimeout(r, paused ? 20 : 2));
    }
  })();
  return {
    counts,
    rows: () => ({ orders: ids.size, lines: [...lines.values()].reduce((n, l) => n + l, 0) }),
    pause: async () => {
      paused = true;
      await idle;
    },
    resume: () => {
      paused = false;
    },
    stop: async () => {
      stopped = true;
      await loop;
      session.close();
    },
  };
}
