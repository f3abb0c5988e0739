// TDS packets (MS-TDS 2.2.3): the 8-byte header, reassembly of client messages from packets,
// and splitting of server messages into packets of the negotiated size.

import { ByteWriter } from './byte-writer.js';

export const PacketType = {
  SqlBatch: 0x01,
  Rpc: 0x03,
  TabularResult: 0x04,
  Attention: 0x06,
  BulkLoad: 0x07,
  TransactionManager: 0x0e,
  Login7: 0x10,
  Sspi: 0x11,
  Prelogin: 0x12,
} as const;

export const HEADER_LENGTH = 8;
const STATUS_EOM = 0x01;
const STATUS_IGNORE = 0x02;
/** Largest request we accept, to bound memory per connection. */
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

export interface TdsMessage {
  type: number;
  /** Header status bits of the first packet (RESETCONNECTION lives there). */
  status: number;
  payload: Buffer;
}

/** Reassembles packets arriving as arbitrary byte chunks into whole messages. */
export class MessageReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private firstStatus = -1;

  constructor(private readonly onMessage: (message: TdsMessage) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= HEADER_LENGTH) {
      const head = this.peek(HEADER_LENGTH);
      const length = head.readUInt16BE(2);
      if (length < HEADER_LENGTH) throw new Error(`TDS packet length ${length} is shorter than its header`);
      if (this.pendingBytes < length) return;
      const packet = this.take(length);
      const type = packet[0];
      const status = packet[1];
      if (this.firstStatus < 0) this.firstStatus = status;
      this.parts.push(packet.subarray(HEADER_LENGTH));
      this.partsBytes += length - HEADER_LENGTH;
      if (this.partsBytes > MAX_MESSAGE_BYTES)
        throw new Error(`TDS request larger than ${MAX_MESSAGE_BYTES} bytes`);
      if (status & STATUS_EOM) {
        const payload = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partsBytes);
        const first = this.firstStatus;
        this.parts = [];
        this.partsBytes = 0;
        this.firstStatus = -1;
        // A message whose last packet has IGNORE set was withdrawn by the client (MS-TDS 2.2.3.1.2).
        if (!(status & STATUS_IGNORE)) this.onMessage({ type, status: first, payload });
      }
    }
  }

  private peek(n: number): Buffer {
    if (this.pending[0].length >= n) return this.pending[0];
    this.pending = [Buffer.concat(this.pending)];
    return this.pending[0];
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const out = first.subarray(0, n);
    if (first.length === n) this.pending.shift();
    else this.pending[0] = first.subarray(n);
    this.pendingBytes -= n;
    return out;
  }
}

/** Where packets go: the socket, or the TLS layer wrapping it. */
export interface PacketSink {
  write(packet: Buffer): boolean;
}

/**
 * Builds one server message: tokens are appended to `body`; full packets are cut off the front
 * as soon as they are complete; `end()` sends the rest with EOM.
 */
export class MessageWriter {
  readonly body = new ByteWriter(64 * 1024);
  private packetId = 1;
  /** False after a write the sink could not absorb (the caller then waits for 'drain'). */
  sinkReady = true;

  constructor(
    private readonly sink: PacketSink,
    public packetSize: number,
    private readonly type: number = PacketType.TabularResult,
  ) {}

  /** Sends every complete packet accumulated so far (keeping a tail for the EOM packet), in one write. */
  flushFullPackets(): void {
    const payload = this.packetSize - HEADER_LENGTH;
    const count = Math.ceil(this.body.length / payload) - 1;
    if (count <= 0) return;
    // Strictly more than one packet's worth: the last bytes always go out with EOM in end().
    const out = Buffer.allocUnsafe(count * this.packetSize);
    for (let i = 0; i < count; i++) this.frame(out, i * this.packetSize, i * payload, payload, false);
    this.body.consume(count * payload);
    if (!this.sink.write(out)) this.sinkReady = false;
  }

  /** Sends everything left as the last packet(s) of the message and starts a new message. */
  end(): void {
    this.flushFullPackets();
    const out = Buffer.allocUnsafe(HEADER_LENGTH + this.body.length);
    this.frame(out, 0, 0, this.body.length, true);
    if (!this.sink.write(out)) this.sinkReady = false;
    this.body.length = 0;
    this.packetId = 1;
  }

  /** Writes a packet header and `length` body bytes from `from` into `out` at `at`. */
  private frame(out: Buffer, at: number, from: number, length: number, last: boolean): void {
    out[at] = this.type;
    out[at + 1] = last ? STATUS_EOM : 0;
    out.writeUInt16BE(HEADER_LENGTH + length, at + 2);
    out.writeUInt16BE(0, at + 4); // SPID
    out[at + 6] = this.packetId;
    out[at + 7] = 0;
    this.packetId = (this.packetId + 1) & 0xff;
    this.body.buf.copy(out, at + HEADER_LENGTH, from, from + length);
  }
}
