// DDL triggers (CREATE TRIGGER ... ON DATABASE FOR events|groups): kept in sys.triggers with
// parent_class 0 (not in sys.objects), and fired after the DDL statements they cover, inside the
// statement's transaction, with EVENTDATA() describing the event as SQL Server's EVENT_INSTANCE xml.

import type { CreateDdlTrigger, FunctionCall, Statement } from '@ferry/tsql';
import type { CompileCtx, Compiled } from './scope.js';
import type { StatementResult } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Module } from '../storage/objects.js';
import { nowDatetime } from '../storage/database.js';
import type { SessionState } from './session-state.js';
import type { ProcArg } from './system-procedures.js';

const verbs = (what: string) => [`CREATE_${what}`, `ALTER_${what}`, `DROP_${what}`];

const TABLE = verbs('TABLE');
const VIEW = verbs('VIEW');
const INDEX = [...verbs('INDEX'), 'CREATE_XML_INDEX'];
const GROUPS: Record<string, string[]> = {
  DDL_TABLE_EVENTS: TABLE,
  DDL_VIEW_EVENTS: VIEW,
  DDL_INDEX_EVENTS: INDEX,
  DDL_TABLE_VIEW_EVENTS: [...TABLE, ...VIEW, ...INDEX],
  DDL_PROCEDURE_EVENTS: verbs('PROCEDURE'),
  DDL_FUNCTION_EVENTS: verbs('FUNCTION'),
  DDL_TRIGGER_EVENTS: verbs('TRIGGER'),
  DDL_SCHEMA_EVENTS: verbs('SCHEMA'),
  DDL_TYPE_EVENTS: ['CREATE_TYPE', 'DROP_TYPE'],
  DDL_SYNONYM_EVENTS: ['CREATE_SYNONYM', 'DROP_SYNONYM'],
  DDL_SEQUENCE_EVENTS: verbs('SEQUENCE'),
  DDL_PARTITION_FUNCTION_EVENTS: verbs('PARTITION_FUNCTION'),
  DDL_PARTITION_SCHEME_EVENTS: verbs('PARTITION_SCHEME'),
  DDL_XML_SCHEMA_COLLECTION_EVENTS: verbs('XML_SCHEMA_COLLECTION'),
  DDL_FULLTEXT_CATALOG_EVENTS: verbs('FULLTEXT_CATALOG'),
  DDL_EXTENDED_PROPERTY_EVENTS: verbs('EXTENDED_PROPERTY'),
};
GROUPS.DDL_PARTITION_EVENTS = [
  ...GROUPS.DDL_PARTITION_FUNCTION_EVENTS,
  ...GROUPS.DDL_PARTITION_SCHEME_EVENTS,
];
const ALL_EVENTS = [...new Set(Object.values(GROUPS).flat()), 'CREATE_FULLTEXT_INDEX', 'ALTER_DATABASE'];
GROUPS.DDL_DATABASE_LEVEL_EVENTS = ALL_EVENTS;

/** The event types an event list (types and groups) covers; 1084 for a name that is neither. */
function expandEvents(events: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (GROUPS[e]) GROUPS[e].forEach((x) => out.add(x));
    else if (ALL_EVENTS.includes(e)) out.add(e);
    else throw new SqlError(1084, `'${e}' is an invalid event type.`, 16);
  }
  return out;
}

export function createDdlTrigger(stmt: CreateDdlTrigger, session: SessionState): void {
  const db = session.db;
  const name = stmt.name.name;
  const existing = db.ddlTriggers.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (stmt.alter && !existing)
    throw new SqlError(
      3701,
      `Cannot alter the trigger '${name}', because it does not exist or you do not have permission.`,
      11,
    );
  if (existing && !stmt.alter && !stmt.orAlter)
    throw new SqlError(2714, `There is already an object named '${name}' in the database.`, 16, 2);
  expandEvents(stmt.events);
  const base = existing ?? db.newObject(name, 0, 'TR');
  const trigger: Module = {
    ...base,
    type: 'TR',
    definition: stmt.text,
    parameters: [],
    ddlEvents: [...stmt.events],
    isDisabled: existing?.isDisabled ?? false,
    body: stmt.body ?? undefined,
    usesQuotedIdentifier: session.quotedIdentifier,
    usesAnsiNulls: session.ansiNulls,
    schemaBound: false,
  };
  if (existing) db.ddlTriggers.splice(db.ddlTriggers.indexOf(existing), 1, trigger);
  else db.ddlTriggers.push(trigger);
}

/** ENABLE|DISABLE TRIGGER names|ALL ON DATABASE. */
export function enableDdlTriggers(db: Database, names: 'ALL' | readonly string[], enabled: boolean): void {
  const chosen =
    names === 'ALL'
      ? db.ddlTriggers
      : names.map((n) => {
          const t = db.ddlTriggers.find((x) => x.name.toLowerCase() === n.toLowerCase());
          if (!t)
            throw new SqlError(
              3701,
              `Cannot ${enabled ? 'enable' : 'disable'} the trigger '${n}', because it does not exist or you do not have permission.`,
              11,
            );
          return t;
        });
  for (const t of chosen) t.isDisabled = !enabled;
}

/** What EVENTDATA() describes: the event type and the object the statement acted on. */
export interface DdlEvent {
  type: string;
  schema?: string;
  object?: string;
  objectType?: string;
  targetObject?: string;
  targetObjectType?: string;
}

const OBJECT_TYPES: Record<string, string> = {
  TABLE: 'TABLE',
  VIEW: 'VIEW',
  PROCEDURE: 'PROCEDURE',
  FUNCTION: 'FUNCTION',
  TRIGGER: 'TRIGGER',
  INDEX: 'INDEX',
  TYPE: 'TYPE',
  SCHEMA: 'SCHEMA',
  SEQUENCE: 'SEQUENCE',
  SYNONYM: 'SYNONYM',
};

/** The DDL event of a statement, undefined for statements that are not DDL. */
export function ddlEventOf(s: Statement, session: SessionState): DdlEvent | undefined {
  const dbo = (schema: string | undefined) => schema ?? 'dbo';
  const create = (verb: 'CREATE' | 'ALTER', what: string) => `${verb}_${what}`;
  switch (s.kind) {
    case 'CreateTable':
      return {
        type: 'CREATE_TABLE',
        schema: dbo(s.name.schema?.name),
        object: s.name.name.name,
        objectType: 'TABLE',
      };
    case 'AlterTable':
      return {
        type: 'ALTER_TABLE',
        schema: dbo(s.table.schema?.name),
        object: s.table.name.name,
        objectType: 'TABLE',
      };
    case 'CreateView':
    case 'CreateProcedure':
    case 'CreateFunction':
    case 'CreateTrigger': {
      const what = s.kind.slice('Create'.length).toUpperCase();
      const alter =
        s.alter ||
        (s.orAlter &&
          session.db.findObject(
            session.db.schema(dbo(s.name.schema?.name))?.schemaId ?? -1,
            s.name.name.name,
          ) !== undefined);
      return {
        type: create(alter ? 'ALTER' : 'CREATE', what),
        schema: dbo(s.name.schema?.name),
        object: s.name.name.name,
        objectType: what,
      };
    }
    case 'CreateIndex':
      return {
        type: s.xml ? 'CREATE_XML_INDEX' : 'CREATE_INDEX',
        schema: dbo(s.table.schema?.name),
        object: s.name.name,
        objectType: 'INDEX',
        targetObject: s.table.name.name,
        targetObjectType: 'TABLE',
      };
    case 'Drop': {
      const objectType = OBJECT_TYPES[s.objectType];
      if (!objectType) return undefined;
      const n = s.names[0];
      return { type: `DROP_${objectType}`, schema: dbo(n.schema?.name), object: n.name.name, objectType };
    }
    case 'CreateType':
      return {
        type: 'CREATE_TYPE',
        schema: dbo(s.name.schema?.name),
        object: s.name.name.name,
        objectType: 'TYPE',
      };
    case 'CreateSchema':
      return { type: 'CREATE_SCHEMA', schema: s.name.name, object: s.name.name, objectType: 'SCHEMA' };
    case 'CreateSequence':
      return {
        type: 'CREATE_SEQUENCE',
        schema: dbo(s.name.schema?.name),
        object: s.name.name.name,
        objectType: 'SEQUENCE',
      };
    case 'CreateSynonym':
      return {
        type: 'CREATE_SYNONYM',
        schema: dbo(s.name.schema?.name),
        object: s.name.name.name,
        objectType: 'SYNONYM',
      };
    case 'CreatePartitionFunction':
      return { type: 'CREATE_PARTITION_FUNCTION', object: s.name.name, objectType: 'PARTITION FUNCTION' };
    case 'CreatePartitionScheme':
      return { type: 'CREATE_PARTITION_SCHEME', object: s.name.name, objectType: 'PARTITION SCHEME' };
    case 'CreateXmlSchemaCollection':
    case 'AlterXmlSchemaCollection':
      return {
        type:
          s.kind === 'CreateXmlSchemaCollection'
            ? 'CREATE_XML_SCHEMA_COLLECTION'
            : 'ALTER_XML_SCHEMA_COLLECTION',
        schema: dbo(s.name.schema?.name),
        object: s.name.name.name,
        objectType: 'XML SCHEMA COLLECTION',
      };
    case 'CreateFulltextCatalog':
      return { type: 'CREATE_FULLTEXT_CATALOG', object: s.name.name, objectType: 'FULLTEXT CATALOG' };
    case 'CreateFulltextIndex':
      return {
        type: 'CREATE_FULLTEXT_INDEX',
        schema: dbo(s.table.schema?.name),
        object: s.table.name.name,
        objectType: 'TABLE',
      };
    case 'CreateDdlTrigger':
      return {
        type: s.alter ? 'ALTER_TRIGGER' : 'CREATE_TRIGGER',
        object: s.name.name,
        objectType: 'TRIGGER',
      };
    case 'AlterDatabase':
    case 'AlterDatabaseFiles':
      return { type: 'ALTER_DATABASE' };
    default:
      return undefined;
  }
}

/** @@SERVERNAME of the emulator. */
const SERVER_NAME = 'ferry-emulator';

const PROPERTY_PARAMETERS = [
  '@name',
  '@value',
  '@level0type',
  '@level0name',
  '@level1type',
  '@level1name',
  '@level2type',
  '@level2name',
];
const PROPERTY_EVENTS: Record<string, string> = {
  sp_addextendedproperty: 'CREATE_EXTENDED_PROPERTY',
  sp_updateextendedproperty: 'ALTER_EXTENDED_PROPERTY',
  sp_dropextendedproperty: 'DROP_EXTENDED_PROPERTY',
};

/** The event of sp_add/update/dropextendedproperty: the property's object and its level 2 target. */
export function extendedPropertyEvent(procedure: string, args: readonly ProcArg[]): DdlEvent | undefined {
  const type = PROPERTY_EVENTS[procedure.toLowerCase().replace(/^sys\./, '')];
  if (!type) return undefined;
  const arg = (name: string) => {
    const i = PROPERTY_PARAMETERS.indexOf(name);
    const a =
      args.find((x) => x.name?.toLowerCase() === name) ?? (args[i]?.name === undefined ? args[i] : undefined);
    return a && a.value !== null ? String(a.value) : undefined;
  };
  const level1 = arg('@level1name');
  const level2 = arg('@level2name');
  return {
    type,
    schema: arg('@level0name'),
    object: level2 ?? level1,
    objectType: (level2 ? arg('@level2type') : arg('@level1type'))?.toUpperCase(),
    ...(level2 ? { targetObject: level1, targetObjectType: arg('@level1type')?.toUpperCase() } : {}),
  };
}

const UNMAPPED_DDL = /^(Create|Alter|Drop|Permission|EnableTrigger)/;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** EVENT_INSTANCE xml as EVENTDATA() returns it. */
function eventXml(event: DdlEvent, session: SessionState, commandText: string): string {
  const element = (name: string, value: string | number | undefined) =>
    value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  const postTime = nowDatetime().replace(' ', 'T');
  const on = (b: boolean) => (b ? 'ON' : 'OFF');
  return (
    '<EVENT_INSTANCE>' +
    element('EventType', event.type) +
    element('PostTime', postTime) +
    element('SPID', session.spid) +
    element('ServerName', SERVER_NAME) +
    element('LoginName', session.user) +
    element('UserName', 'dbo') +
    element('DatabaseName', session.db.name) +
    element('SchemaName', event.schema) +
    element('ObjectName', event.object) +
    element('ObjectType', event.objectType) +
    element('TargetObjectName', event.targetObject) +
    element('TargetObjectType', event.targetObjectType) +
    `<TSQLCommand><SetOptions ANSI_NULLS="${on(session.ansiNulls)}" ANSI_NULL_DEFAULT="ON" ANSI_PADDING="ON" QUOTED_IDENTIFIER="${on(session.quotedIdentifier)}" ENCRYPTED="FALSE"/>` +
    element('CommandText', commandText) +
    '</TSQLCommand></EVENT_INSTANCE>'
  );
}

/**
 * Fires the enabled DDL triggers of the current database that cover the statement's event, in
 * creation order. DDL the emulator cannot describe is refused (40517) while such a trigger exists.
 */
export function* fireDdlTriggers(
  s: Statement,
  event: DdlEvent | undefined,
  session: SessionState,
  commandText: string | undefined,
  run: (body: readonly Statement[], session: SessionState) => Iterable<StatementResult>,
): Generator<StatementResult> {
  const triggers = session.db.ddlTriggers.filter((t) => !t.isDisabled);
  if (!triggers.length) return;
  if (!event) {
    if (UNMAPPED_DDL.test(s.kind))
      throw new SqlError(
        40517,
        `Firing DDL triggers for ${s.kind} is not supported by the SQL Server emulator.`,
        16,
      );
    return;
  }
  // A DDL trigger does not fire for the statement that creates it.
  const created = s.kind === 'CreateDdlTrigger' ? s.name.name.toLowerCase() : undefined;
  const firing = triggers.filter(
    (t) => t.name.toLowerCase() !== created && expandEvents(t.ddlEvents ?? []).has(event.type),
  );
  if (!firing.length) return;
  if (commandText === undefined)
    throw new SqlError(
      40517,
      'DDL triggers firing for DDL inside a procedure, function or trigger are not supported by the SQL Server emulator.',
      16,
    );
  const xml = eventXml(event, session, commandText);
  for (const trigger of firing) {
    if (!trigger.body)
      throw new SqlError(
        40517,
        `Trigger '${trigger.name}' could not be parsed by the SQL Server emulator, so it cannot fire.`,
        16,
      );
    const implicit = session.trancount === 0;
    if (implicit) session.trancount = 1;
    const saved = new Map(session.variables);
    session.variables.clear();
    session.eventData.push(xml);
    session.catchers++;
    session.modules.push(trigger);
    try {
      yield* run(trigger.body, session);
    } finally {
      session.catchers--;
      session.modules.pop();
      session.eventData.pop();
      session.clearVariables();
      for (const [k, v] of saved) session.variables.set(k, v);
      if (implicit && !session.rolledBackInTrigger) session.trancount = 0;
    }
    if (session.rolledBackInTrigger) {
      session.rolledBackInTrigger = false;
      throw new SqlError(3609, 'The transaction ended in the trigger. The batch has been aborted.', 16, 1);
    }
  }
}

/** EVENTDATA(): the event of the DDL trigger running, as xml; NULL elsewhere. */
export function compileEventData(call: FunctionCall, cc: CompileCtx): Compiled | undefined {
  if (call.name.schema || call.name.name.name.toLowerCase() !== 'eventdata') return undefined;
  if (call.args.length) throw new SqlError(174, 'The eventdata function requires 0 argument(s).', 15);
  const events = cc.session.eventData;
  return { type: { name: 'xml', length: -1 }, nullable: true, eval: () => events[events.length - 1] ?? null };
}
