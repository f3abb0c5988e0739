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

/**
 * Incremental decoder: feed Buffers in any split, get complete rows back. The chunks of an
 * unfinished row are kept apart and joined once, when its end arrives (joining on every chunk
 * would copy a row of n chunks n times).
 */
export class CopyTextDecoder {
  private pending: Buffer[] = [];

  push(chunk: Buffer): (string | null)[][] {
    const end = chunk.lastIndexOf(0x0a);
    if (end < 0) {
      this.pending.push(chunk);
      return [];
    }
    const head = chunk.subarray(0, end);
    const data = this.pending.length ? Buffer.concat([...this.pending, head]) : head;
    this.pending = end + 1 < chunk.length ? [chunk.subarray(end + 1)] : [];
    const text = data.toString('utf8');
    return text.split('\n').map((line) => line.split('\t').map(unescapeField));
  }

  /** Throws when the stream ended inside a row. */
  end(): void {
    if (this.pending.length) throw new Error('COPY output ended in the middle of a row');
  }
}
