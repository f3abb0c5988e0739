// The PostgreSQL target endpoint: `postgres({...})` plans DDL from the model, applies plan steps,
// loads tables with COPY and reads them back for validation.

import type pg from 'pg';
import type {
  ChangeApplier,
  ChangePosition,
  TableChanges,
  TableDigester,
  ApplyOptions,
  Batch,
  KeyRange,
  PlanStep,
  RejectedRow,
  SchemaVerification,
  PluginContext,
  ReadOptions,
  QualifiedName,
  SchemaModel,
  Table,
  TargetEndpoint,
  TargetPlan,
  TargetPlanOptions,
  WriteOptions,
  WriteResult,
} from '@ferry/core';
import { defineTargetPlugin, FerryError } from '@ferry/core';
import {
  canDisableTriggers,
  createPool,
  serverMajorVersion,
  sessionConfig,
  stepError,
  targetError,
} from './connection.js';
import { defaultServerVersion } from './plpgsql/name-resolver.js';
import { copyInto } from './copy/copy-writer.js';
import { binaryRowsProblem } from './copy/binary-rows-check.js';
import { planTarget } from './ddl/plan.js';
import { postgresCapabilities } from './ddl/identifiers.js';
import { targetLabel, targetName, type PlanContext } from './ddl/plan-context.js';
import { postgresConfigSchema, type PostgresConfig } from './postgres-config.js';
import { fkSuspendKind, type FkEnforcement } from './prep/foreign-key-suspension.js';
import {
  claimTask,
  PostgresCheckpoints,
  recordAppliedStep,
  recordFinishedTask,
  RejectedRowsRecorder,
} from './state/checkpoint-store.js';
import { stateTables, type StateTables } from './state/state-tables.js';
import { defaultLeaseTimings } from './state/run-lease.js';
import { countRows, readRows } from './validate/read-table.js';
import { tableDigester } from './validate/row-digests.js';
import {
  applyTableChanges,
  appliedPosition,
  cutoverRequested,
  recordAppliedPosition,
  requestCutover,
} from './replicate/apply-changes.js';
import { restartCounters } from './replicate/restart-counters.js';
import { openVerification, runStepStatements } from './verify/schema-verification.js';

export class PostgresTarget implements TargetEndpoint {
  readonly name = 'postgres';
  readonly capabilities = postgresCapabilities;
  readonly readsLobDigests = true;
  private readonly pool: pg.Pool;
  private readonly ctx: PlanContext;
  private replicaAllowed?: Promise<boolean>;
  private readonly replicaSessions = new WeakSet<pg.PoolClient>();
  private fkEnforcement?: FkEnforcement;
  /** Applies replicated changes, recording the applied position with them (see replicate/apply-changes.ts). */
  readonly changes: ChangeApplier = {
    apply: (tables, checkpoint) => this.applyChanges(tables, checkpoint),
    applied: (runId) => this.replicationState('reading', appliedPosition(this.pool, this.state, runId)),
    requestCutover: (runId) => this.replicationState('writing', requestCutover(this.pool, this.state, runId)),
    cutoverRequested: (runId) =>
      this.replicationState('reading', cutoverRequested(this.pool, this.state, runId)),
    restartCounters: (counters) =>
      this.inTransaction('identities and sequences', (client) => restartCounters(client, this.ctx, counters)),
  };
  /** Run state in the state schema (`ferry` by default), for checkpoints and `ferry run --resume`. */
  readonly checkpoints: PostgresCheckpoints;
  private readonly state: StateTables;

  constructor(
    private readonly config: PostgresConfig,
    private readonly plugin: PluginContext = {
      log: () => undefined,
      notice: () => undefined,
      cwd: process.cwd(),
    },
  ) {
    this.pool = createPool(config, plugin.jobs);
    this.state = stateTables(plugin.stateSchema ?? 'ferry');
    this.checkpoints = new PostgresCheckpoints(this.pool, this.state, sessionConfig(config), {
      heartbeatMs: (config.lease?.heartbeatSeconds ?? defaultLeaseTimings.heartbeatMs / 1000) * 1000,
      takeOverAfterMs:
        (config.lease?.takeOverAfterSeconds ?? defaultLeaseTimings.takeOverAfterMs / 1000) * 1000,
    });
    this.ctx = {
      state: this.state,
      types: {
        textFor: config.textFor,
        timestamptzAs: config.timestamptzAs,
        hierarchyidAs: config.hierarchyidAs,
        spatialAs: config.spatialAs,
      },
      foreignKeys: config.foreignKeys,
      schemaFor: (schema) => config.schema ?? schema,
    };
  }

  place(o: QualifiedName): QualifiedName {
    return { schema: this.ctx.schemaFor(o.schema), name: o.name };
  }

  /** Converted code is written for the server's version: the config's, else the server's (default offline). */
  async plan(model: SchemaModel, options: TargetPlanOptions): Promise<TargetPlan> {
    const serverVersion =
      this.config.serverVersion ?? (options.offline ? defaultServerVersion : await this.serverVersion());
    return planTarget({ ...this.ctx, serverVersion }, model, options);
  }

  private async serverVersion(): Promise<number> {
    const client = await this.connect('reading the server version');
    try {
      return await serverMajorVersion(client);
    } finally {
      client.release();
    }
  }

  /**
   * Runs a step's statements in one transaction. The FK suspension step runs only when this login
   * may not disable FK enforcement for its load sessions (then the FKs are dropped and re-created).
   */
  async apply(step: PlanStep, options: ApplyOptions = {}): Promise<void> {
    if (step.kind === fkSuspendKind) {
      this.fkEnforcement = (await this.mayUseReplica()) ? 'replica' : 'drop-and-recreate';
      this.plugin.notice(
        this.fkEnforcement === 'replica'
          ? `foreign keys of ${step.object}: not enforced in Ferry's load sessions (session_replication_role = replica)`
          : `foreign keys of ${step.object}: dropped for the load and re-created after it (this login may not set session_replication_role)`,
      );
      if (this.fkEnforcement === 'replica') return;
    }
    const client = await this.connect(step.object);
    try {
      await client.query('BEGIN');
      await runStepStatements(client, step);
      if (options.checkpoint) await recordAppliedStep(client, this.state, options.checkpoint.runId, step.id);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw stepError(step, err);
    } finally {
      client.release();
    }
  }

  /**
   * A verification of a converted schema (`ferry assess`): the steps applied in one transaction on one
   * connection, each in a savepoint, rolled back by `close`. The FK suspension step is left out when this
   * login may use replica mode, as `apply` leaves it out.
   */
  async verifySchema(): Promise<SchemaVerification> {
    const client = await this.connect('schema verification');
    return openVerification(
      client,
      async (step) => step.kind === fkSuspendKind && (await this.mayUseReplica(client)),
    );
  }

  /** How FK enforcement was handled for loading into existing tables, once the fk-suspend step ran. */
  foreignKeyHandling(): FkEnforcement | undefined {
    return this.fkEnforcement;
  }

  /** The fast path takes every error policy: under `reject` its batches are isolated tuple by tuple. */
  binaryWriteProblem(table: Table, columns: readonly string[]): string | undefined {
    return binaryRowsProblem(table, columns, this.ctx.types, this.config.copyFormat);
  }

  async write(table: Table, batches: AsyncIterable<Batch>, options: WriteOptions): Promise<WriteResult> {
    const label = targetLabel(this.ctx, table);
    const client = await this.connect(label);
    let broken = false;
    try {
      await this.prepareLoadSession(client);
      // A checkpointed write claims its task, and records it and its rejected rows, in the COPY's transaction.
      const { checkpoint } = options;
      // Its rejected rows are written as they come, between the COPYs of its transaction.
      const rejected = checkpoint && new RejectedRowsRecorder(client, this.state, checkpoint);
      const checkpointed = checkpoint && {
        onReject: async (r: RejectedRow) => {
          await rejected!.add(r);
          await options.onReject?.(r);
        },
        afterBegin: (c: pg.PoolClient) => claimTask(c, this.state, checkpoint),
        beforeCommit: async (c: pg.PoolClient, done: WriteResult) => {
          await rejected!.flush();
          await recordFinishedTask(c, this.state, checkpoint, done);
        },
      };
      const { format, ...result } = await copyInto(
        client,
        { sql: targetName(this.ctx, table), label, table },
        batches,
        { ...options, ...checkpointed, format: this.config.copyFormat },
        this.ctx.types,
      );
      if (format !== this.config.copyFormat)
        this.plugin.log(`${label}: loaded with COPY text format (a column type has no binary form here)`);
      return result;
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async count(table: Table, range?: KeyRange): Promise<number> {
    const label = targetLabel(this.ctx, table);
    const client = await this.connect(label);
    try {
      return await countRows(client, targetName(this.ctx, table), label, table, range, this.ctx.types);
    } catch (err) {
      throw err instanceof FerryError ? err : targetError(`counting rows of ${label} failed`, err, label);
    } finally {
      client.release();
    }
  }

  async *read(table: Table, options: ReadOptions): AsyncIterable<Batch> {
    const label = targetLabel(this.ctx, table);
    const client = await this.connect(label);
    let finished = false;
    try {
      yield* readRows(client, targetName(this.ctx, table), label, table, options, this.ctx.types);
      finished = true;
    } catch (err) {
      throw err instanceof FerryError ? err : targetError(`reading ${label} failed`, err, label);
    } finally {
      // A reader that stopped early leaves the COPY running: that connection is discarded.
      client.release(!finished);
    }
  }

  digester(table: Table, columns: readonly string[]): Promise<TableDigester | string> {
    const label = targetLabel(this.ctx, table);
    const sql = targetName(this.ctx, table);
    return tableDigester(
      { connect: () => this.connect(label), sql, label, types: this.ctx.types },
      table,
      columns,
    );
  }

  private applyChanges(
    tables: readonly TableChanges[],
    checkpoint: { runId: string; position: ChangePosition },
  ): Promise<void> {
    return this.inTransaction('replication', async (client, doing) => {
      let applied = 0;
      for (const t of tables) {
        doing(targetLabel(this.ctx, t.table));
        applied += await applyTableChanges(client, targetName(this.ctx, t.table), t);
      }
      doing('replication');
      await recordAppliedPosition(client, this.state, checkpoint, applied);
    });
  }

  /** Runs `work` in one transaction of a load session; a failure names what `doing` last said. */
  private async inTransaction<T>(
    what: string,
    work: (client: pg.PoolClient, doing: (what: string) => void) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect(what);
    let broken = false;
    let doing = what;
    try {
      await this.prepareLoadSession(client);
      await client.query('BEGIN');
      const value = await work(client, (w) => (doing = w));
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw targetError(`applying changes to ${doing} failed`, err, doing);
    } finally {
      client.release(broken);
    }
  }

  /** Opens the pool's first connection (and loads what pg loads with it) while the run is planned. */
  async warmUp(): Promise<void> {
    (await this.connect('warming up the pool')).release();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Asks on the caller's own connection: with every pooled connection busy loading, a second one would never come. */
  private mayUseReplica(client: pg.Pool | pg.PoolClient = this.pool): Promise<boolean> {
    return (this.replicaAllowed ??= canDisableTriggers(client));
  }

  /** Load sessions skip FK checks and ordinary triggers (session_replication_role = replica) where allowed. */
  private async prepareLoadSession(client: pg.PoolClient): Promise<void> {
    if (this.replicaSessions.has(client) || !(await this.mayUseReplica(client))) return;
    await client.query('SET session_replication_role = replica');
    this.replicaSessions.add(client);
  }

  /** A read or write of ferry.replication; a lost or refused connection fails it as transient. */
  private async replicationState<T>(doing: 'reading' | 'writing', query: Promise<T>): Promise<T> {
    try {
      return await query;
    } catch (err) {
      throw targetError(`${doing} ${this.state.replication} failed`, err, 'replication');
    }
  }

  private async connect(where: string): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw targetError('cannot connect to the target PostgreSQL', err, where);
    }
  }
}

/** The PostgreSQL target plugin: `target: postgres({ url, schema })`. */
export const postgres = defineTargetPlugin({
  name: 'postgres',
  configSchema: postgresConfigSchema,
  create: (config, ctx) => new PostgresTarget(config, ctx),
});
