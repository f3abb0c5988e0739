// Loads what the emulator is asked to load at start: sqlcmd scripts (each in a session of its own,
// starting in the default database) and SSDT projects (deployed into a database of their own),
// sharing one set of sqlcmd variables, and returns what failed.

import { existsSync } from 'node:fs';
import type { EngineSession } from '../engine-api.js';
import { deployOrder, type ProjectFile } from './deploy-order.js';
import {
  emptySummary,
  LoadError,
  runBatch,
  runBatches,
  type BatchFailure,
  type LoadOptions,
  type LoadSummary,
} from './script-loader.js';
import { readSqlProject } from './sql-project.js';
import { readSqlcmdScript, sqlcmdVariables, type SqlcmdBatch, type SqlcmdVariables } from '@ferry/tsql';

export interface ProjectSpec {
  /** The SSDT project folder (with or without its .sqlproj). */
  dir: string;
  /** The database deployed into; default: the project's name. */
  database?: string;
  /** Run the project's post-deployment scripts after its objects (as `--post-deploy`). */
  postDeploy?: boolean;
}

export interface LoadRequest extends LoadOptions {
  /** Script texts or file paths, run in order. */
  scripts?: string[];
  projects?: ProjectSpec[];
  /** sqlcmd variables given by the caller (`--var`); they win over the scripts' `:setvar`. */
  variables?: Record<string, string>;
  /** Where each script's session starts. */
  database: string;
}

/** What the loader needs of the engine. */
export interface LoadTarget {
  openSession(login: { user: string; database?: string }): EngineSession;
  /** Creates the database when it does not exist. */
  ensureDatabase(name: string): void;
}

/** Loads the request's projects, then its scripts, adding what ran to `summary`; throws LoadError unless continueOnError. */
export async function loadAll(
  target: LoadTarget,
  request: LoadRequest,
  summary: LoadSummary = emptySummary(),
): Promise<LoadSummary> {
  const variables = sqlcmdVariables(request.variables);
  for (const project of request.projects ?? [])
    await loadProject(target, project, variables, summary, request);
  for (const script of request.scripts ?? []) {
    const batches = readSqlcmdScript(asSource(script), variables);
    const session = target.openSession({ user: 'sa', database: request.database });
    try {
      await runBatches(session, batches, summary, request);
    } finally {
      session.close();
    }
  }
  return summary;
}

/** A path (one line naming an existing file) or a script text. */
export function asSource(script: string): { file: string } | { text: string } {
  return !script.includes('\n') && existsSync(script) ? { file: script } : { text: script };
}

/**
 * Deploys a project: pre-deployment scripts, then the Build files in dependency order, batches that
 * fail retried while a pass makes progress, then (when asked) the post-deployment scripts.
 */
async function loadProject(
  target: LoadTarget,
  spec: ProjectSpec,
  shared: SqlcmdVariables,
  summary: LoadSummary,
  options: LoadOptions,
): Promise<void> {
  const { database, preDeploy, build, postDeploy } = readProjectBatches(spec, shared);
  target.ensureDatabase(database);
  const session = target.openSession({ user: 'sa', database });
  try {
    await runBatches(session, preDeploy, summary, options);
    await runWithRetries(session, build, summary, options);
    if (spec.postDeploy) await runBatches(session, postDeploy, summary, options);
  } finally {
    session.close();
  }
}

export interface ProjectBatches {
  database: string;
  preDeploy: SqlcmdBatch[];
  /** The Build files' batches in deploy order. */
  build: SqlcmdBatch[];
  postDeploy: SqlcmdBatch[];
}

/** Reads a project's scripts with its variables: its SqlCmdVariable defaults, DatabaseName, then the caller's. */
export function readProjectBatches(spec: ProjectSpec, shared = sqlcmdVariables()): ProjectBatches {
  const project = readSqlProject(spec.dir);
  const database = spec.database ?? project.name;
  const variables: SqlcmdVariables = {
    overrides: shared.overrides,
    values: new Map([
      ...Object.entries(project.variables).map(([k, v]) => [k.toLowerCase(), v] as const),
      ['databasename', database],
      ...shared.values,
    ]),
  };
  const read = (files: string[]) => files.flatMap((file) => readSqlcmdScript({ file }, variables));
  const files: ProjectFile[] = project.build.map((file) => ({
    file,
    batches: readSqlcmdScript({ file }, variables),
  }));
  return {
    database,
    preDeploy: read(project.preDeploy),
    build: deployOrder(files).flatMap((f) => f.batches),
    postDeploy: read(project.postDeploy),
  };
}

/** Runs the batches; those that fail run again while a pass gets at least one more through. */
async function runWithRetries(
  session: EngineSession,
  batches: SqlcmdBatch[],
  summary: LoadSummary,
  options: LoadOptions,
): Promise<void> {
  let pending = batches;
  let failures: BatchFailure[] = [];
  summary.batches += batches.length;
  for (;;) {
    const failed: SqlcmdBatch[] = [];
    failures = [];
    for (const batch of pending) {
      const failure = await runBatch(session, batch);
      if (failure) {
        failed.push(batch);
        failures.push(failure);
      }
    }
    if (failed.length === 0 || failed.length === pending.length) break;
    pending = failed;
  }
  summary.failures.push(...failures);
  if (failures.length && !options.continueOnError) throw new LoadError(failures[0], summary);
}
