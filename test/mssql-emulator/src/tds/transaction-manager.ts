// Transaction manager requests (MS-TDS 2.2.6.9): BEGIN/COMMIT/ROLLBACK/SAVE sent through the TDS
// transaction API (tedious beginTransaction, mssql Transaction) instead of as T-SQL text; the engine
// runs them as the equivalent T-SQL and answers with the transaction ENVCHANGE tokens.

const ISOLATION: Record<number, string> = {
  1: 'READ UNCOMMITTED',
  2: 'READ COMMITTED',
  3: 'REPEATABLE READ',
  4: 'SERIALIZABLE',
  5: 'SNAPSHOT',
};

/** The T-SQL batch equivalent to a transaction manager request. */
export function transactionManagerSql(payload: Buffer): string {
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
      return `${isolation ? `SET TRANSACTION ISOLATION LEVEL ${isolation};\n` : ''}BEGIN TRANSACTION${quoted(name)}`;
    }
    case 7:
      return `COMMIT TRANSACTION${quoted(readName())}`;
    case 8:
      return `ROLLBACK TRANSACTION${quoted(readName())}`;
    case 9:
      return `SAVE TRANSACTION${quoted(readName())}`;
    default:
      throw new Error(`transaction manager request type ${type} is not supported by the emulator`);
  }
}
