// Splits `COPY ... TO STDOUT` text output into rows of fields (NULL as null), undoing COPY's escapes.

const unescapes: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, c: string) => unescapes[c] ?? c);
}

/** Incremental decoder: feed Buffers in any split, get complete rows back. */
export class CopyTextDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): (string | null)[][] {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      this.pending = data;
      return [];
    }
    this.pending = data.subarray(end + 1);
    const text = data.toString('utf8', 0, end);
    return text.split('\n').map((line) => line.split('\t').map(unescapeField));
  }

  /** Throws when the stream ended inside a row. */
  end(): void {
    if (this.pending.length) throw new Error('COPY output ended in the middle of a row');
  }
}
