// COMPRESS(x) and DECOMPRESS(x), SQL Server 2016+: GZIP of the value's bytes (nvarchar as UTF-16LE,
// varchar in its code page, binary as is) and back, both varbinary(max). NULL gives NULL, and so does
// DECOMPRESS of bytes that are not GZIP data.

import { gunzipSync, gzipSync } from 'node:zlib';
import type { SqlType } from '../../engine-api.js';
import { SqlError } from '../errors.js';
import { convert } from '../types/convert.js';
import { typeText } from '../types/sql-type.js';
import type { Compiled } from './scope.js';

const VARBINARY_MAX: SqlType = { name: 'varbinary', length: -1 };

/** The types each function takes as its argument. */
const ACCEPTED = {
  compress: new Set(['varchar', 'nvarchar', 'char', 'nchar', 'varbinary', 'binary']),
  decompress: new Set(['varbinary', 'binary']),
};

function gzipFunction(name: keyof typeof ACCEPTED, f: (bytes: Buffer) => Buffer | null) {
  return (args: Compiled[]): Compiled => {
    if (args.length !== 1) throw new SqlError(174, `The ${name} function requires 1 argument(s).`, 15);
    const [input] = args;
    if (!ACCEPTED[name].has(input.type.name))
      throw new SqlError(
        8116,
        `Argument data type ${typeText(input.type)} is invalid for argument 1 of ${name} function.`,
        16,
      );
    return {
      type: VARBINARY_MAX,
      nullable: true,
      eval: (row, ctx) => {
        const v = input.eval(row, ctx);
        if (v === null) return null;
        return f(Buffer.isBuffer(v) ? v : (convert(v, input.type, VARBINARY_MAX) as Buffer));
      },
    };
  };
}

function gunzip(bytes: Buffer): Buffer | null {
  try {
    return gunzipSync(bytes);
  } catch {
    return null;
  }
}

export const COMPRESS_FUNCTIONS: Record<string, (args: Compiled[]) => Compiled> = {
  compress: gzipFunction('compress', (b) => gzipSync(b)),
  decompress: gzipFunction('decompress', gunzip),
};
