// Transaction manager requests (MS-TDS 2.2.6.9): BEGIN/COMMIT/ROLLBACK/SAVE sent through the TDS
// transaction API (tedious beginTransaction, mssql Transaction) instead of as T-SQL text.

const ISOLATION: Record<number, string> = {
  1: 'READ UNCOMMITTED',
  2: 'READ COMMITTED',
  3: 'REPEATABLE READ',
  4: 'SERIALIZABLE',
  5: 'SNAPSHOT',
};

export interface TransactionRequest {
  kind: 'begin' | 'commit' | 'rollback' | 'save';
  /** The equivalent T-SQL batch for the engine. */
  sql: string;
}

export function parseTransactionManager(payload: Buffer): TransactionRequest {
  let at = payload.length >= 4 ? payload.readUInt32LE(0) : 0; // skip ALL_HEADERS
  const type = payload.readUInt16LE(at);
  at += 2;
  const quoted = (name: string) => (name ? ` [${name.replace(/]/g, ']]')}]` : '');
  const readName = () => {
    const bytes = payload[at++];
    const name = payload.subarray(at, at + bytes).toString('utf16le');
    at += bytes;
    return name;
  };
  switch (type) {
    case 5: {
      const isolation = ISOLATION[payload[at++]];
      const name = readName();
      return {
        kind: 'begin',
        sql: `${isolation ? `SET TRANSACTION ISOLATION LEVEL ${isolation};\n` : ''}BEGIN TRANSACTION${quoted(name)}`,
      };
    }
    case 7:
      return { kind: 'commit', sql: `COMMIT TRANSACTION${quoted(readName())}` };
    case 8:
      return { kind: 'rollback', sql: `ROLLBACK TRANSACTION${quoted(readName())}` };
    case 9:
      return { kind: 'save', sql: `SAVE TRANSACTION${quoted(readName())}` };
    default:
      throw new Error(`transaction manager request type ${type} is not supported by the emulator`);
  }
}
