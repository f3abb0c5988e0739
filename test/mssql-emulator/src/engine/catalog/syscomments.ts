// The sys.syscomments compatibility view: the SQL text of every module (view, procedure, function,
// trigger), DEFAULT and CHECK constraint and computed column, in rows of up to 4,000 characters
// (colid 1, 2, ...). As SQL Server's own definition of the view: number is 1 for a procedure (its
// group number) and 0 for other modules; a computed column's row has the table's id and the column's
// id as number; texttype is 2 (not encrypted); ctext is the text's bytes (UTF-16LE).
import type { CheckConstraint, DefaultConstraint, Module } from '../storage/objects.js';
import type { Database } from '../storage/database.js';
import type { Value } from '../types/convert.js';
import { tableColumns } from './sys-columns.js';
import { BIT, INT, SMALLINT, nvarchar, type CatalogView } from './view.js';

const CHUNK = 4000;
const MODULE_TYPES = new Set(['V', 'P', 'FN', 'IF', 'TF', 'TR', 'D', 'C']);

interface Text {
  id: number;
  number: number;
  text: string;
}

function* texts(db: Database): Iterable<Text> {
  for (const o of db.objects.values())
    if (MODULE_TYPES.has(o.type))
      yield {
        id: o.objectId,
        number: o.type === 'P' ? 1 : 0,
        text: (o as Module | DefaultConstraint | CheckConstraint).definition,
      };
  for (const t of db.ddlTriggers) yield { id: t.objectId, number: 0, text: t.definition };
  for (const [table, c] of tableColumns(db))
    if (c.computed && table.type === 'U')
      yield { id: table.objectId, number: c.columnId, text: c.computed.definition };
}

export const syscomments: CatalogView = {
  name: 'dbo.syscomments',
  columns: [
    ['id', INT],
    ['number', SMALLINT, true],
    ['colid', SMALLINT],
    ['status', SMALLINT],
    ['ctext', { name: 'varbinary', length: 8000 }],
    ['texttype', SMALLINT, true],
    ['language', SMALLINT, true],
    ['encrypted', BIT],
    ['compressed', BIT],
    ['text', nvarchar(4000), true],
  ],
  *rows(db): Iterable<Value[]> {
    for (const { id, number, text } of texts(db))
      for (let at = 0, colid = 1; at < Math.max(text.length, 1); at += CHUNK, colid++) {
        const part = text.slice(at, at + CHUNK);
        yield [id, number, colid, 0, Buffer.from(part, 'utf16le'), 2, 0, false, false, part];
      }
  },
};
