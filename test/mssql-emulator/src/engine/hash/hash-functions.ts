// HASHBYTES(algorithm, input) as SQL Server 2016+ computes it: MD2, MD4, MD5, SHA, SHA1, SHA2_256,
// SHA2_512 (names in any case) over the input's bytes - nvarchar as UTF-16LE, varchar in its
// collation's code page (UTF-8 for a _UTF8 collation), binary as is - of any length (the 8,000-byte
// input limit ended with SQL Server 2016). NULL input or algorithm gives NULL, and so does an
// algorithm SQL Server does not know.

import { createHash } from 'node:crypto';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import type { Compiled } from '../exec/scope.js';
import { convert, toText, type Value } from '../types/convert.js';
import { typeText } from '../types/sql-type.js';
import { md2, md4 } from './legacy-digests.js';

const VARBINARY_8000: SqlType = { name: 'varbinary', length: 8000 };
const VARBINARY_MAX: SqlType = { name: 'varbinary', length: -1 };

const ALGORITHMS: Record<string, (bytes: Buffer) => Buffer> = {
  md2,
  md4,
  md5: (b) => createHash('md5').update(b).digest(),
  sha: (b) => createHash('sha1').update(b).digest(),
  sha1: (b) => createHash('sha1').update(b).digest(),
  sha2_256: (b) => createHash('sha256').update(b).digest(),
  sha2_512: (b) => createHash('sha512').update(b).digest(),
};

/** Types HASHBYTES refuses as its input (large-object and special types). */
const REFUSED = new Set([
  'text',
  'ntext',
  'image',
  'xml',
  'sql_variant',
  'geometry',
  'geography',
  'hierarchyid',
]);

/** The bytes HASHBYTES hashes for a value of type `t`. */
function inputBytes(v: Exclude<Value, null>, t: SqlType): Buffer {
  return Buffer.isBuffer(v) ? v : (convert(v, t, VARBINARY_MAX) as Buffer);
}

function hashbytes(args: Compiled[]): Compiled {
  if (args.length !== 2) throw new SqlError(174, 'The hashbytes function requires 2 argument(s).', 15);
  const [algorithm, input] = args;
  if (REFUSED.has(input.type.name))
    throw new SqlError(
      8116,
      `Argument data type ${typeText(input.type)} is invalid for argument 2 of hashbytes function.`,
      16,
    );
  return {
    type: VARBINARY_8000,
    nullable: true,
    eval: (row, ctx) => {
      const name = algorithm.eval(row, ctx);
      const v = input.eval(row, ctx);
      if (name === null || v === null) return null;
      const hash = ALGORITHMS[toText(name, algorithm.type).toLowerCase()];
      return hash ? hash(inputBytes(v, input.type)) : null;
    },
  };
}

export const HASH_FUNCTIONS: Record<string, (args: Compiled[]) => Compiled> = { hashbytes };
