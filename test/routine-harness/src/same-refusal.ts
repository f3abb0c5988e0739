// A routine that SQL Server refuses is still an outcome to compare: its conversion behaves the same
// when PostgreSQL refuses it with the error of the same meaning (a NOT NULL column left NULL is 515
// on SQL Server and 23502 on PostgreSQL). Only errors of one meaning on both engines are paired.

/** SQL Server error number -> the SQLSTATEs PostgreSQL raises for the same refusal. */
const sameMeaning: Record<string, readonly string[]> = {
  '515': ['23502'], // NULL into a NOT NULL column
  '2627': ['23505'], // duplicate key (constraint)
  '2601': ['23505'], // duplicate key (unique index)
  '547': ['23503', '23514'], // foreign key or check constraint
  '8134': ['22012'], // division by zero
  '8152': ['22001'], // string or binary data would be truncated
  '2628': ['22001'],
  '208': ['42P01'], // a table that does not exist
  '2812': ['42883'], // a procedure that does not exist (the same one: see sameRefusal)
};

import { normalName } from './choose-arguments.js';

const code = (error: string | undefined) => error?.match(/^(\w+):/)?.[1];

/** A catalog view SQL Server has: its 208 is a gap of the emulator, not the database's refusal. */
const missingCatalogView = (error: string) => /Invalid object name '(sys|information_schema)\./i.test(error);

/**
 * A 2812 and a 42883 naming the same procedure (after the naming strategy); a system procedure's 2812
 * is a gap of the emulator, not the database's refusal.
 */
function sameProcedure(sqlServer: string, postgres: string): boolean {
  const source = /Could not find stored procedure '([^']+)'/.exec(sqlServer)?.[1]?.split('.').pop();
  const target = /(?:procedure|function) ([^(\s]+)\(/.exec(postgres)?.[1]?.split('.').pop();
  if (!source || !target || /^(sp|xp)_/i.test(source)) return false;
  return normalName(source) === normalName(target.replaceAll('"', ''));
}

/** `515 / 23502` when both sides refused with errors of the same meaning, else undefined. */
export function sameRefusal(sqlServer: string | undefined, postgres: string | undefined): string | undefined {
  const number = code(sqlServer);
  const state = code(postgres);
  if (number === '208' && missingCatalogView(sqlServer!)) return undefined;
  if (number === '2812' && !sameProcedure(sqlServer!, postgres!)) return undefined;
  return number && state && sameMeaning[number]?.includes(state) ? `${number} / ${state}` : undefined;
}
