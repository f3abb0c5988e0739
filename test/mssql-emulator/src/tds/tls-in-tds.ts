// TLS inside TDS (MS-TDS 3.2.5.2/3.3.5.2): the TLS handshake travels in PRELOGIN packets; afterwards
// TLS records flow directly on the TCP stream. Node's TLS server runs over a Duplex we feed by hand.

import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';

export class TlsInTds {
  /** The cleartext side: TDS packets are read from and written to it once the handshake is done. */
  readonly cleartext: TLSSocket;
  private readonly transport: Duplex;
  private flight: Buffer[] = [];
  private handshaking = true;
  private detached = false;
  secure = false;

  constructor(raw: Socket, context: SecureContext) {
    this.transport = new Duplex({
      read() {},
      write: (chunk: Buffer, _enc, done) => {
        if (this.detached) return done();
        if (this.handshaking) {
          this.flight.push(chunk);
          return done();
        }
        if (raw.write(chunk)) done();
        else raw.once('drain', () => done());
      },
    });
    this.cleartext = new TLSSocket(this.transport as unknown as Socket, {
      isServer: true,
      secureContext: context,
    });
    this.cleartext.once('secure', () => {
      this.secure = true;
    });
  }

  /** Feeds one PRELOGIN payload of client handshake bytes; returns the server's answering flight. */
  async handshake(clientBytes: Buffer): Promise<Buffer> {
    this.transport.push(clientBytes);
    let last = -1;
    // The TLS engine answers within a few event-loop turns; wait until its output stops growing.
    for (let turn = 0; turn < 1000; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      const size = this.flight.reduce((n, b) => n + b.length, 0);
      if (size > 0 && size === last) break;
      last = size;
    }
    const out = Buffer.concat(this.flight);
    this.flight = [];
    if (this.secure) this.handshaking = false;
    return out;
  }

  /** Encrypted bytes read from the socket after the handshake. */
  receive(raw: Buffer): void {
    this.transport.push(raw);
  }

  /** Ends TLS without writing anything more to the socket (login-only encryption). */
  detach(): void {
    this.detached = true;
    this.cleartext.destroy();
  }
}
