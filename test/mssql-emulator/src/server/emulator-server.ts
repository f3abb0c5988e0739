// The TCP listener: one Connection per client socket, all sharing one engine and one fault set.

import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { Engine } from '../engine-api.js';
import type { Faults } from '../faults/faults.js';
import type { ServerVersion } from '../tds/prelogin.js';
import { Connection } from './connection.js';

export interface TlsOptions {
  /** PEM key and certificate; default: the test-only pair in certs/. */
  key?: string | Buffer;
  cert?: string | Buffer;
  /** Refuse clients that do not encrypt (like `Force Encryption` on a SQL Server). */
  required?: boolean;
}

export interface ServerOptions {
  engine: Engine;
  faults: Faults;
  host: string;
  port: number;
  serverName?: string;
  collation?: string;
  /** false: PRELOGIN answers ENCRYPT_NOT_SUP; otherwise TLS-in-TDS with these options. */
  tls?: boolean | TlsOptions;
}

/** SQL Server 2022 (16.x), as reported in PRELOGIN and LOGINACK. */
export const SERVER_VERSION: ServerVersion = { major: 16, minor: 0, build: 4135 };

const certsDir = new URL('../../certs/', import.meta.url);

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(options: ServerOptions): Promise<RunningServer> {
  const tlsOptions =
    options.tls === false ? null : options.tls === true || options.tls === undefined ? {} : options.tls;
  const tls = tlsOptions
    ? {
        context: createSecureContext({
          key: tlsOptions.key ?? readFileSync(new URL('emulator-key.pem', certsDir)),
          cert: tlsOptions.cert ?? readFileSync(new URL('emulator-cert.pem', certsDir)),
          // TDS clients (tedious, FreeTDS) run the in-band handshake with TLS 1.2.
          maxVersion: 'TLSv1.2',
        }),
        required: tlsOptions.required ?? false,
      }
    : undefined;
  const connections = new Set<Connection>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const c = new Connection(socket, {
      engine: options.engine,
      faults: options.faults,
      serverName: options.serverName ?? 'ferry-mssql-emulator',
      version: SERVER_VERSION,
      collation: options.collation ?? 'SQL_Latin1_General_CP1_CI_AS',
      tls,
    });
    connections.add(c);
    socket.on('close', () => connections.delete(c));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: async () => {
      for (const c of connections) c.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
