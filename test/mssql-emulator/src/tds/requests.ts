// Client requests: SQL batch (MS-TDS 2.2.6.7) and RPC (2.2.6.6), both after ALL_HEADERS (2.2.5.3).

import type { RpcParameter } from '../engine-api.js';
import { readTypeInfo, readValue, RequestReader } from './value-reader.js';

/** Well-known procedure ids (ProcIDSwitch = 0xFFFF), MS-TDS 2.2.6.6. */
export const PROC_NAMES: Record<number, string> = {
  1: 'sp_cursor',
  2: 'sp_cursoropen',
  3: 'sp_cursorprepare',
  4: 'sp_cursorexecute',
  5: 'sp_cursorprepexec',
  6: 'sp_cursorunprepare',
  7: 'sp_cursorfetch',
  8: 'sp_cursoroption',
  9: 'sp_cursorclose',
  10: 'sp_executesql',
  11: 'sp_prepare',
  12: 'sp_execute',
  13: 'sp_prepexec',
  14: 'sp_prepexecrpc',
  15: 'sp_unprepare',
};

function skipAllHeaders(payload: Buffer): number {
  if (payload.length < 4) return 0;
  const total = payload.readUInt32LE(0);
  // A batch without ALL_HEADERS (pre-7.2 clients) starts directly with text; a sane header block is small.
  if (total < 4 || total > payload.length || total > 1024) return 0;
  return total;
}

export function parseSqlBatch(payload: Buffer): string {
  return payload.subarray(skipAllHeaders(payload)).toString('utf16le');
}

export interface RpcCall {
  procedure: string;
  params: RpcParameter[];
}

export function parseRpc(payload: Buffer): RpcCall[] {
  const r = new RequestReader(payload, skipAllHeaders(payload));
  const calls: RpcCall[] = [];
  while (r.at < payload.length) {
    const nameLength = r.u16();
    let procedure: string;
    if (nameLength === 0xffff) {
      const id = r.u16();
      procedure = PROC_NAMES[id];
      if (!procedure) throw new Error(`RPC procedure id ${id} is unknown`);
    } else procedure = r.bytes(nameLength * 2).toString('utf16le');
    r.u16(); // option flags (WithRecomp, NoMetaData, ReuseMetaData)
    const params: RpcParameter[] = [];
    while (r.at < payload.length) {
      const next = payload[r.at];
      if (next === 0x80 || next === 0xff) {
        r.at++;
        break;
      }
      const name = r.bVarchar();
      const status = r.u8();
      const info = readTypeInfo(r);
      let value: unknown;
      try {
        value = readValue(r, info);
      } catch (e) {
        throw new Error(
          `RPC ${procedure} parameter ${name || `#${params.length + 1}`}: ${(e as Error).message}`,
        );
      }
      params.push({ name, type: info.type, value, output: (status & 0x01) !== 0 });
    }
    calls.push({ procedure, params });
  }
  return calls;
}
