// Transactional DDL: the state of every database's catalog taken before DDL changes it inside a
// transaction, so that ROLLBACK (or ROLLBACK to a savepoint) puts it back. Objects keep their identity
// (plans, table variables and sessions hold them): a restore writes the saved fields back into them.
// A table's rows are kept by reference: DDL never changes a rows array in place (it builds a new one),
// so the array saved is the table's rows as they were.

import type { Database } from '../storage/database.js';
import type { DbObject, Sequence, Table } from '../storage/objects.js';
import type { Server } from '../storage/server.js';

/** One database's catalog as it was. */
export interface DatabaseState {
  db: Database;
  objects: Map<number, DbObject>;
  /** Each object's own fields (arrays and nested records copied one level down). */
  fields: Map<DbObject, Record<string, unknown>>;
  /** The database's catalog arrays (schemas, user types, extended properties...) and their members. */
  lists: [unknown[], unknown[]][];
  /** The fields of those members. */
  members: Map<object, Record<string, unknown>>;
}

/** The catalog arrays of a database besides its objects. */
function listsOf(db: Database): unknown[][] {
  const ds = db.dataSpaces;
  const sec = db.security;
  return [
    db.schemas,
    db.userTypes,
    db.extendedProperties,
    db.xmlSchemaCollections,
    db.ddlTriggers,
    db.fulltextCatalogs,
    db.fulltextIndexes,
    ds.filegroups,
    ds.files,
    ds.functions,
    ds.schemes,
    sec.principals,
    sec.roleMembers,
    sec.permissions,
  ];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** A record's fields, its arrays and records copied (their elements one level: a column's identity counter stays shared). */
function copyFields(o: object, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...o };
  for (const [k, v] of Object.entries(out)) {
    // A table's rows are replaced, never changed in place, by DDL; the array itself is the saved state.
    if (k === 'rows') continue;
    if (Array.isArray(v)) out[k] = v.map((e) => (isRecord(e) && depth > 0 ? copyFields(e, depth - 1) : e));
    else if (isRecord(v) && depth > 0) out[k] = copyFields(v, 0);
  }
  return out;
}

/** Sequence values handed out are not given back by a rollback (as on SQL Server). */
const SEQUENCE_COUNTERS = ['current', 'lastUsed', 'exhausted'] as const;

export function takeState(db: Database): DatabaseState {
  const fields = new Map<DbObject, Record<string, unknown>>();
  // A table variable's rows are not undone by a rollback (and its table is not the catalog's).
  for (const o of db.objects.values()) if (!isTableVariable(o)) fields.set(o, copyFields(o, 1));
  const lists = listsOf(db).map((list): [unknown[], unknown[]] => [list, [...list]]);
  const members = new Map<object, Record<string, unknown>>();
  for (const [list] of lists) for (const e of list) if (isRecord(e)) members.set(e, copyFields(e, 0));
  return { db, objects: new Map(db.objects), fields, lists, members };
}

export function takeServerState(server: Server): DatabaseState[] {
  return server.databases.map(takeState);
}

const isTableVariable = (o: DbObject) =>
  (o.type === 'U' || o.type === 'TT') && (o as Table).tableVariable === true;

/**
 * Puts a database's catalog back as `state` saw it. Table variables stay as they are; a temporary
 * table (#name) comes back only while its session still has it (`isLive`): one its procedure or
 * session dropped at the end of its scope is gone.
 */
export function restoreState(state: DatabaseState, isLive: (objectId: number) => boolean): void {
  const { db } = state;
  db.objectsVersion++;
  const variables = [...db.objects.values()].filter(isTableVariable);
  db.objects.clear();
  const kept = (o: DbObject): boolean =>
    !isTableVariable(o) &&
    (o.parentId === 0
      ? !o.name.startsWith('#') || isLive(o.objectId)
      : state.objects.has(o.parentId) && kept(state.objects.get(o.parentId)!));
  for (const [id, o] of state.objects) if (kept(o)) db.objects.set(id, o);
  for (const t of variables) db.objects.set(t.objectId, t);
  for (const [o, saved] of state.fields) {
    const counters = o.type === 'SO' ? SEQUENCE_COUNTERS.map((k) => (o as Sequence)[k]) : undefined;
    const live = assignFields(o, saved);
    if (counters) SEQUENCE_COUNTERS.forEach((k, i) => (live[k] = counters[i]));
  }
  for (const [list, saved] of state.lists) list.splice(0, list.length, ...saved);
  for (const [e, saved] of state.members) assignFields(e, saved);
}

/** Gives `o` exactly the fields `saved` has. */
function assignFields(o: object, saved: Record<string, unknown>): Record<string, unknown> {
  const live = o as Record<string, unknown>;
  for (const k of Object.keys(live)) if (!(k in saved)) delete live[k];
  return Object.assign(live, saved);
}
