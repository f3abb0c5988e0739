// System stored procedures the scripts and clients call: sp_executesql, sp_addtype,
// sp_addextendedproperty/sp_dropextendedproperty, sp_rename. Others raise error 2812 naming them.

import type { SqlType, StatementResult } from '../../engine-api.js';
import { parseDataType } from '@ferry/tsql';
import { SqlError } from '../errors.js';
import type { Table } from '../storage/objects.js';
import { convert, toText, type Value, type Variant } from '../types/convert.js';
import { resolveDataType } from './data-type.js';
import type { SessionState } from './session-state.js';
import { runDynamic } from './statements.js';
import { addRoleMember } from '../security/security-statements.js';
import { disableTable, enableDb, enableTable } from './change-data-capture.js';
import { renameObject } from './rename.js';

export interface ProcArg {
  name?: string;
  value: Value;
  type: SqlType;
  output: boolean;
  variable?: string;
}

/** The system procedures runSystemProcedure runs (every other one raises 2812). */
const PROCS = new Set([
  'sp_executesql',
  'sp_prepare',
  'sp_execute',
  'sp_unprepare',
  'sp_addtype',
  'sp_addextendedproperty',
  'sp_dropextendedproperty',
  'sp_updateextendedproperty',
  'sp_addrolemember',
  'sp_droprolemember',
  'sp_set_session_context',
  'sp_cdc_enable_db',
  'sp_cdc_enable_table',
  'sp_cdc_disable_table',
  'sp_rename',
]);

export const isSystemProcedure = (name: string) =>
  PROCS.has(name.toLowerCase()) ||
  name.toLowerCase().startsWith('sp_') ||
  name.toLowerCase().startsWith('xp_');

/** Whether the emulator runs this system procedure (`sp_executesql`), rather than raising 2812 for it. */
export const emulatesSystemProcedure = (name: string) => PROCS.has(name.toLowerCase());

function arg(args: ProcArg[], index: number, name: string): ProcArg | undefined {
  return (
    args.find((a) => a.name?.toLowerCase() === name) ??
    (args[index] && args[index].name === undefined ? args[index] : undefined)
  );
}

function text(a: ProcArg | undefined): string | null {
  return a === undefined || a.value === null ? null : toText(a.value, a.type);
}

export function* runSystemProcedure(
  name: string,
  args: ProcArg[],
  session: SessionState,
): Generator<StatementResult> {
  switch (name.toLowerCase()) {
    case 'sp_executesql':
      yield* executeSql(args, session);
      return;
    case 'sp_prepare': {
      // sp_prepare @handle OUTPUT, @params, @stmt: the handle names the statement for sp_execute.
      const handle = session.prepared.size + 1;
      session.prepared.set(handle, { params: text(args[1]) ?? '', stmt: text(args[2]) ?? '' });
      yield { kind: 'return-value', name: args[0]?.name ?? '@handle', type: { name: 'int' }, value: handle };
      yield { kind: 'return-status', status: 0 };
      return;
    }
    case 'sp_execute': {
      const handle = Number(args[0]?.value);
      const p = session.prepared.get(handle);
      if (!p) throw new SqlError(8179, `Could not find prepared statement with handle ${handle}.`, 16, 4);
      const nv: SqlType = { name: 'nvarchar', length: -1 };
      yield* executeSql(
        [
          { value: p.stmt, type: nv, output: false },
          { value: p.params, type: nv, output: false },
          ...args.slice(1),
        ],
        session,
      );
      return;
    }
    case 'sp_unprepare':
      session.prepared.delete(Number(args[0]?.value));
      yield { kind: 'return-status', status: 0 };
      return;
    case 'sp_addtype': {
      const typeName = text(arg(args, 0, '@typename'));
      const phys = text(arg(args, 1, '@phystype'));
      const nulltype = (text(arg(args, 2, '@nulltype')) ?? 'NULL').trim().toUpperCase();
      if (!typeName || !phys)
        throw new SqlError(
          201,
          "Procedure or function 'sp_addtype' expects parameter '@typename', which was not supplied.",
          16,
        );
      const db = session.db;
      if (db.userType(1, typeName))
        throw new SqlError(15029, `The type '${typeName}' already exists in the database.`, 16);
      const { type } = resolveDataType(parseDataType(phys), db);
      db.userTypes.push({
        userTypeId: db.allocateUserTypeId(),
        name: typeName,
        schemaId: 1,
        base: type,
        nullable: nulltype !== 'NOT NULL',
        isTableType: false,
      });
      yield { kind: 'return-status', status: 0 };
      return;
    }
    case 'sp_addextendedproperty':
    case 'sp_updateextendedproperty':
    case 'sp_dropextendedproperty': {
      const drop = name.toLowerCase() === 'sp_dropextendedproperty';
      const names = [
        '@name',
        ...(drop ? [] : ['@value']),
        '@level0type',
        '@level0name',
        '@level1type',
        '@level1name',
        '@level2type',
        '@level2name',
      ];
      const get = (n: string) => arg(args, names.indexOf(n), n);
      const propName = text(get('@name'));
      if (!propName)
        throw new SqlError(
          15600,
          `An invalid parameter or option was specified for procedure '${name}'.`,
          16,
        );
      const target = locateProperty(session, [
        text(get('@level0type')),
        text(get('@level0name')),
        text(get('@level1type')),
        text(get('@level1name')),
        text(get('@level2type')),
        text(get('@level2name')),
      ]);
      const db = session.db;
      const i = db.extendedProperties.findIndex(
        (p) =>
          p.class === target.class &&
          p.majorId === target.majorId &&
          p.minorId === target.minorId &&
          p.name.toLowerCase() === propName.toLowerCase(),
      );
      const value = get('@value');
      const v =
        value && value.value !== null ? convert(value.value, value.type, { name: 'sql_variant' }) : null;
      if (name.toLowerCase() === 'sp_addextendedproperty') {
        if (i >= 0)
          throw new SqlError(
            15233,
            `Property cannot be added. Property '${propName}' already exists for '${target.label}'.`,
            16,
          );
        db.extendedProperties.push({ ...target, name: propName, value: v as Variant | null });
      } else {
        if (i < 0)
          throw new SqlError(
            15217,
            `Property cannot be updated or deleted. Property '${propName}' does not exist for '${target.label}'.`,
            16,
          );
        if (drop) db.extendedProperties.splice(i, 1);
        else db.extendedProperties[i].value = v as never;
      }
      yield { kind: 'return-status', status: 0 };
      return;
    }
    case 'sp_addrolemember':
    case 'sp_droprolemember':
    case 'sp_set_session_context':
      runSecurityProcedure(name.toLowerCase(), args, session);
      yield { kind: 'return-status', status: 0 };
      return;
    case 'sp_cdc_enable_db':
    case 'sp_cdc_enable_table':
    case 'sp_cdc_disable_table':
      runCdcProcedure(name.toLowerCase(), args, session);
      yield { kind: 'return-status', status: 0 };
      return;
    case 'sp_rename':
      yield* renameObject(
        {
          objname: text(arg(args, 0, '@objname')),
          newname: text(arg(args, 1, '@newname')),
          objtype: text(arg(args, 2, '@objtype')),
        },
        session,
      );
      return;
    default:
      throw new SqlError(2812, `Could not find stored procedure '${name}'.`, 16, 62);
  }
}

/** sys.sp_cdc_enable_db; sp_cdc_enable_table and sp_cdc_disable_table with their parameters by name or position. */
function runCdcProcedure(name: string, args: ProcArg[], session: SessionState): void {
  // Their T-SQL runs as the procedure's own statements: no row counts reach the client.
  const run = (sql: string) => {
    for (const r of runDynamic(sql, session)) void r;
  };
  if (name === 'sp_cdc_enable_db') return enableDb(session, run);
  const required = (index: number, param: string) => {
    const v = text(arg(args, index, param));
    if (v === null)
      throw new SqlError(
        201,
        `Procedure or function '${name}' expects parameter '${param}', which was not supplied.`,
        16,
      );
    return v;
  };
  const schema = required(0, '@source_schema');
  const table = required(1, '@source_name');
  if (name === 'sp_cdc_disable_table')
    return disableTable(session, { schema, name: table, instance: required(2, '@capture_instance') }, run);
  if (!arg(args, 2, '@role_name'))
    throw new SqlError(
      201,
      `Procedure or function '${name}' expects parameter '@role_name', which was not supplied.`,
      16,
    );
  const columns = text(arg(args, 6, '@captured_column_list'));
  enableTable(
    session,
    {
      schema,
      name: table,
      role: text(arg(args, 2, '@role_name')),
      instance: text(arg(args, 3, '@capture_instance')),
      netChanges: text(arg(args, 4, '@supports_net_changes')) === '1',
      columns: columns === null ? null : columns.split(','),
    },
    run,
  );
}

/** sp_addrolemember / sp_droprolemember @rolename, @membername; sp_set_session_context @key, @value, @read_only. */
function runSecurityProcedure(name: string, args: ProcArg[], session: SessionState): void {
  if (name !== 'sp_set_session_context') {
    const role = text(arg(args, 0, '@rolename'));
    const member = text(arg(args, 1, '@membername'));
    if (role === null || member === null)
      throw new SqlError(
        201,
        `Procedure or function '${name}' expects parameter '@rolename', which was not supplied.`,
        16,
      );
    addRoleMember(session.db, role, member, name === 'sp_addrolemember');
    return;
  }
  const key = text(arg(args, 0, '@key'));
  if (key === null)
    throw new SqlError(
      201,
      "Procedure or function 'sp_set_session_context' expects parameter '@key', which was not supplied.",
      16,
    );
  const value = arg(args, 1, '@value');
  const readOnly = text(arg(args, 2, '@read_only')) === '1';
  const existing = session.sessionContext.get(key.toLowerCase());
  if (existing?.readOnly)
    throw new SqlError(
      15664,
      `Cannot set key '${key}' in the session context. The key has been set as read_only for this session.`,
      16,
    );
  const v = value?.value ?? null;
  const variant = v !== null && typeof v === 'object' && !Buffer.isBuffer(v) ? (v as Variant) : undefined;
  if (v === null) session.sessionContext.delete(key.toLowerCase());
  else
    session.sessionContext.set(key.toLowerCase(), {
      value: variant ? variant.value : v,
      type: variant ? variant.type : value!.type,
      readOnly,
    });
}

/**
 * A property of a database DDL trigger (level 0 TRIGGER: the trigger's object, class 1) or of a
 * filegroup (level 0 FILEGROUP: its data space, class 20), 15135 when there is none of that name.
 */
function databaseChildProperty(session: SessionState, level: 'TRIGGER' | 'FILEGROUP', name: string) {
  const db = session.db;
  const lower = name.toLowerCase();
  const trigger =
    level === 'TRIGGER' ? db.ddlTriggers.find((t) => t.name.toLowerCase() === lower) : undefined;
  if (trigger) return { class: 1, majorId: trigger.objectId, minorId: 0, label: trigger.name };
  const filegroup =
    level === 'FILEGROUP' ? db.dataSpaces.filegroups.find((f) => f.name.toLowerCase() === lower) : undefined;
  if (filegroup) return { class: 20, majorId: filegroup.dataSpaceId, minorId: 0, label: filegroup.name };
  throw new SqlError(
    15135,
    `Object is invalid. Extended properties are not permitted on '${name}', or the object does not exist.`,
    16,
  );
}

function locateProperty(session: SessionState, levels: (string | null)[]) {
  const db = session.db;
  const [t0, , t1, n1, t2] = levels.map((x) => x?.toUpperCase() ?? null);
  if (!t0) return { class: 0, majorId: 0, minorId: 0, label: db.name };
  if (t0 === 'TRIGGER' || t0 === 'FILEGROUP') return databaseChildProperty(session, t0, levels[1] ?? '');
  const schema = db.schema(levels[1] ?? 'dbo');
  if (!schema)
    throw new SqlError(
      15135,
      `Object is invalid. Extended properties are not permitted on '${levels[1]}', or the object does not exist.`,
      16,
    );
  if (t0 !== 'SCHEMA' && t0 !== 'USER')
    throw new SqlError(
      15600,
      `An invalid parameter or option was specified for procedure 'sp_addextendedproperty'.`,
      16,
    );
  if (!t1) return { class: 3, majorId: schema.schemaId, minorId: 0, label: schema.name };
  const obj = db.findObject(schema.schemaId, levels[3] ?? '');
  if (!obj || n1 === null)
    throw new SqlError(
      15135,
      `Object is invalid. Extended properties are not permitted on '${schema.name}.${levels[3]}', or the object does not exist.`,
      16,
    );
  if (!t2) return { class: 1, majorId: obj.objectId, minorId: 0, label: `${schema.name}.${obj.name}` };
  if (t2 === 'COLUMN' && obj.type === 'U') {
    const col = (obj as Table).columns.find((c) => c.name.toLowerCase() === (levels[5] ?? '').toLowerCase());
    if (!col)
      throw new SqlError(
        15135,
        `Object is invalid. Extended properties are not permitted on '${schema.name}.${obj.name}.${levels[5]}', or the object does not exist.`,
        16,
      );
    return {
      class: 1,
      majorId: obj.objectId,
      minorId: col.columnId,
      label: `${schema.name}.${obj.name}.${col.name}`,
    };
  }
  const childName = (levels[5] ?? '').toLowerCase();
  if (t2 === 'INDEX' && (obj.type === 'U' || obj.type === 'V')) {
    // An index: class 7, the table's object_id and the index_id.
    const index = (obj as Table).indexes?.find((i) => i.name?.toLowerCase() === childName);
    if (index)
      return {
        class: 7,
        majorId: obj.objectId,
        minorId: index.indexId,
        label: `${schema.name}.${obj.name}.${index.name}`,
      };
  }
  const kinds = t2 === 'CONSTRAINT' ? ['PK', 'UQ', 'F', 'C', 'D'] : t2 === 'TRIGGER' ? ['TR'] : [];
  const child = db
    .childrenOf(obj.objectId)
    .find((o) => kinds.includes(o.type) && o.name.toLowerCase() === childName);
  if (child)
    return {
      class: 1,
      majorId: child.objectId,
      minorId: 0,
      label: `${schema.name}.${obj.name}.${child.name}`,
    };
  throw new SqlError(
    15135,
    `Object is invalid. Extended properties are not permitted on '${levels[5]}', or the object does not exist.`,
    16,
  );
}

/** sp_executesql @stmt, @params, @p0 = v0, ...: the parameters become variables of the statement's batch. */
export function* executeSql(args: ProcArg[], session: SessionState): Generator<StatementResult> {
  const stmt = text(args[0]);
  if (stmt === null)
    throw new SqlError(
      201,
      "Procedure or function 'sp_executesql' expects parameter '@statement', which was not supplied.",
      16,
    );
  const defs = text(args[1]) ?? '';
  const declared = parseParamDefs(defs, session);
  const saved = new Map(session.variables);
  session.variables.clear();
  const outputs: { name: string; variable?: string; type: SqlType; value: Value }[] = [];
  try {
    const bound: { name: string; variable?: string; type: SqlType }[] = [];
    declared.forEach((d, i) => {
      const a =
        args.slice(2).find((x) => x.name?.toLowerCase() === d.name.toLowerCase()) ??
        (args[2 + i]?.name === undefined ? args[2 + i] : undefined);
      session.declare(d.name, d.type, a ? convert(a.value, a.type, d.type, 0, session) : null);
      if (d.output && a) bound.push({ name: d.name, variable: a.variable, type: d.type });
    });
    yield* runDynamic(stmt, session);
    for (const o of bound) outputs.push({ ...o, value: session.variable(o.name).value });
  } finally {
    session.clearVariables();
    for (const [k, v] of saved) session.variables.set(k, v);
  }
  for (const o of outputs) {
    if (o.variable && session.variables.has(o.variable.toLowerCase()))
      session.variable(o.variable).value = o.value;
    yield { kind: 'return-value', name: o.name, type: o.type, value: o.value };
  }
}

function parseParamDefs(
  defs: string,
  session: SessionState,
): { name: string; type: SqlType; output: boolean }[] {
  if (!defs.trim()) return [];
  const out: { name: string; type: SqlType; output: boolean }[] = [];
  for (const part of splitTopLevel(defs)) {
    const m = /^\s*(@[\w@#$]+)\s+(.*?)(\s+(out|output))?\s*$/is.exec(part);
    if (!m) throw new SqlError(102, `Incorrect syntax near '${part.trim()}'.`, 15);
    const type = resolveDataType(parseDataType(m[2].replace(/\s*=.*$/s, '')), session.db).type;
    out.push({ name: m[1], type, output: !!m[3] });
  }
  return out;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur);
  return parts;
}
