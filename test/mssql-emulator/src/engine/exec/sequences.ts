// Sequence objects: CREATE/ALTER SEQUENCE with SQL Server's option checks (11700-11708), NEXT VALUE
// FOR (cycling or 11728 at the end of the range) and the values sys.sequences shows.

import {
  findAll,
  type AlterSequence,
  type CreateSequence,
  type Expression,
  type NextValueFor,
  type ObjectName,
} from '@ferry/tsql';
import type { SqlType } from '../../engine-api.js';
import { SqlError, invalidObject } from '../errors.js';
import type { Database } from '../storage/database.js';
import type { Sequence } from '../storage/objects.js';
import { convert } from '../types/convert.js';
import { resolveDataType } from './data-type.js';
import { schemaOf } from './ddl.js';
import type { Compiled, Row } from './scope.js';
import type { SessionState } from './session-state.js';

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [0n, 255n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** The values a sequence of this type can hold (11702 for other types). */
function typeRange(type: SqlType, name: string): [bigint, bigint] {
  const integer = INTEGER_RANGES[type.name];
  if (integer) return integer;
  if ((type.name === 'decimal' || type.name === 'numeric') && (type.scale ?? 0) === 0) {
    const limit = 10n ** BigInt(type.precision ?? 18) - 1n;
    return [-limit, limit];
  }
  throw new SqlError(
    11702,
    `The sequence object '${name}' must be of data type int, bigint, smallint, tinyint, or decimal or numeric with a scale of 0, or any user-defined data type that is based on one of the above integer data types.`,
    16,
  );
}

type Options = Readonly<Record<string, string | null>>;

/** An option's value checked against the type's range (11708 outside it); undefined when not given or NO ... */
function optionValue(
  options: Options,
  key: string,
  range: [bigint, bigint],
  label: string,
): bigint | undefined {
  const text = options[key];
  if (text === undefined || text === null || text === '') return undefined;
  const v = BigInt(text);
  if (v < range[0] || v > range[1])
    throw new SqlError(
      11708,
      `An invalid value was specified for argument '${label}' for the given data type.`,
      16,
    );
  return v;
}

export function createSequence(s: CreateSequence, session: SessionState): void {
  const { db, schemaId } = schemaOf(session, s.name);
  const name = s.name.name.name;
  if (s.options.RESTART !== undefined)
    throw new SqlError(
      11709,
      "The 'RESTART WITH' argument cannot be used in a CREATE SEQUENCE statement.",
      16,
    );
  if (db.findObject(schemaId, name))
    throw new SqlError(2714, `There is already an object named '${name}' in the database.`, 16, 6);
  const r = s.dataType ? resolveDataType(s.dataType, db) : { type: { name: 'bigint' }, userTypeId: 127 };
  const range = typeRange(r.type, name);
  const increment = optionValue(s.options, 'INCREMENT', range, 'INCREMENT BY') ?? 1n;
  const minimum = optionValue(s.options, 'MINVALUE', range, 'MINVALUE') ?? range[0];
  const maximum = optionValue(s.options, 'MAXVALUE', range, 'MAXVALUE') ?? range[1];
  const start = optionValue(s.options, 'START', range, 'START WITH') ?? (increment > 0n ? minimum : maximum);
  const sequence: Sequence = {
    ...db.newObject(name, schemaId, 'SO'),
    type: 'SO',
    seqType: r.type,
    userTypeId: r.userTypeId,
    start,
    increment,
    minimum,
    maximum,
    cycle: !!s.cycle,
    cacheSize: null,
    cached: true,
    current: start,
    lastUsed: null,
    exhausted: false,
  };
  setCache(sequence, s.options.CACHE);
  checkSequence(sequence, start);
  db.add(sequence);
}

/** CACHE n, CACHE (the default size, shown as NULL) or NO CACHE. */
function setCache(seq: Sequence, cache: string | null | undefined): void {
  if (cache === undefined) return;
  seq.cached = cache !== null;
  seq.cacheSize = cache === null || cache === '' ? null : Number(cache);
  if (seq.cacheSize !== null && seq.cacheSize <= 0)
    throw new SqlError(11706, `The cache size for sequence object '${seq.name}' must be greater than 0.`, 16);
}

/** SQL Server's consistency checks of a sequence's options. */
function checkSequence(seq: Sequence, start: bigint): void {
  const n = seq.name;
  if (seq.increment === 0n)
    throw new SqlError(11700, `The increment for sequence object '${n}' cannot be zero.`, 16);
  if (seq.minimum >= seq.maximum)
    throw new SqlError(
      11705,
      `The minimum value for sequence object '${n}' must be less than its maximum value.`,
      16,
    );
  if (start < seq.minimum || start > seq.maximum)
    throw new SqlError(
      11703,
      `The start value for sequence object '${n}' must be between the minimum and maximum value of the sequence object.`,
      16,
    );
  const step = seq.increment < 0n ? -seq.increment : seq.increment;
  if (step > seq.maximum - seq.minimum)
    throw new SqlError(
      11701,
      `The absolute value of the increment for sequence object '${n}' must be less than or equal to the difference between the minimum and maximum value of the sequence object.`,
      16,
    );
}

export function alterSequence(s: AlterSequence, session: SessionState): void {
  const seq = findSequence(session, s.name);
  if (s.options.START !== undefined)
    throw new SqlError(11710, "Argument 'START WITH' cannot be used in an ALTER SEQUENCE statement.", 16);
  const range = typeRange(seq.seqType, seq.name);
  const next: Sequence = { ...seq };
  next.increment = optionValue(s.options, 'INCREMENT', range, 'INCREMENT BY') ?? seq.increment;
  if (s.options.MINVALUE !== undefined)
    next.minimum = optionValue(s.options, 'MINVALUE', range, 'MINVALUE') ?? range[0];
  if (s.options.MAXVALUE !== undefined)
    next.maximum = optionValue(s.options, 'MAXVALUE', range, 'MAXVALUE') ?? range[1];
  if (s.cycle !== undefined) next.cycle = s.cycle;
  setCache(next, s.options.CACHE);
  const restart = s.options.RESTART;
  if (restart !== undefined) {
    next.current = optionValue(s.options, 'RESTART', range, 'RESTART WITH') ?? seq.start;
    next.lastUsed = null;
    next.exhausted = false;
  }
  checkSequence(next, next.start < next.minimum || next.start > next.maximum ? next.minimum : next.start);
  if (next.current < next.minimum || next.current > next.maximum)
    throw new SqlError(
      11704,
      `The current value '${next.current}' for sequence object '${seq.name}' must be between the minimum and maximum value of the sequence object.`,
      16,
    );
  Object.assign(seq, next);
}

function findSequence(session: SessionState, name: ObjectName): Sequence {
  const { db, schemaId } = schemaOf(session, name);
  return sequenceIn(db, schemaId, name.name.name, session);
}

function sequenceIn(db: Database, schemaId: number, name: string, session: SessionState): Sequence {
  const obj = db.findObject(schemaId, session.objectName(name));
  if (!obj) throw invalidObject(name);
  if (obj.type !== 'SO') throw new SqlError(11726, `Object '${name}' is not a sequence object.`, 16);
  return obj as Sequence;
}

/** Hands out the sequence's next value (as bigint): the start first, then by the increment, cycling or 11728 at the end. */
export function nextSequenceValue(seq: Sequence): bigint {
  let v = seq.lastUsed === null ? seq.current : seq.current + seq.increment;
  if (v > seq.maximum || v < seq.minimum) {
    if (!seq.cycle) {
      seq.exhausted = true;
      throw new SqlError(
        11728,
        `The sequence object '${seq.name}' has reached its minimum or maximum value. Restart the sequence object to allow new values to be generated.`,
        16,
      );
    }
    v = seq.increment > 0n ? seq.minimum : seq.maximum;
  }
  seq.current = v;
  seq.lastUsed = v;
  const after = v + seq.increment;
  seq.exhausted = !seq.cycle && (after > seq.maximum || after < seq.minimum);
  return v;
}

/** NEXT VALUE FOR seq: typed as the sequence; the object is looked up again if it was dropped and re-created. */
export function compileNextValueFor(node: NextValueFor, session: SessionState): Compiled {
  if (node.over)
    throw new SqlError(
      40517,
      'NEXT VALUE FOR ... OVER (ORDER BY) is not supported by the SQL Server emulator.',
      16,
    );
  const { db, schemaId } = schemaOf(session, node.sequence);
  const name = node.sequence.name.name;
  let seq = sequenceIn(db, schemaId, name, session);
  const type = seq.seqType;
  return {
    type,
    nullable: false,
    eval: (row, ctx) => {
      if (db.objects.get(seq.objectId) !== seq) seq = sequenceIn(db, schemaId, name, ctx.session);
      return convert(drawForRow(seq, node, row, ctx.session), { name: 'bigint' }, type);
    },
  };
}

/**
 * The value a NEXT VALUE FOR reference gives: every reference to the same sequence in a statement
 * reads the same value for a row (SQL Server's rule); another row, or a reference that has read
 * the value already, draws the next one.
 */
function drawForRow(seq: Sequence, reference: NextValueFor, row: Row, session: SessionState): bigint {
  const last = session.sequenceDraws.get(seq.objectId);
  if (last && last.statement === session.statementCount && last.row === row && !last.readers.has(reference)) {
    last.readers.add(reference);
    return last.value;
  }
  const value = nextSequenceValue(seq);
  session.sequenceDraws.set(seq.objectId, {
    statement: session.statementCount,
    row,
    value,
    readers: new Set([reference]),
  });
  return value;
}

/** CHECK constraints and computed columns may not use NEXT VALUE FOR (11719). */
export function refuseNextValueFor(expr: Expression): void {
  if (findAll(expr, 'NextValueFor').length)
    throw new SqlError(
      11719,
      'NEXT VALUE FOR function is not allowed in check constraints, default objects, computed columns, views, user-defined functions, user-defined aggregates, user-defined table types, sub-queries, common table expressions, derived tables or return statements.',
      16,
    );
}
