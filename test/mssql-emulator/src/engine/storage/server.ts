// The server instance: databases (master plus user databases) and SQL logins.

import { randomUUID } from 'node:crypto';
import { Database, nowDatetime } from './database.js';
import { SqlError } from '../errors.js';

export interface Login {
  user: string;
  password: string;
  /** sys.server_principals.principal_id (assigned when the login is added). */
  principalId?: number;
  /** Member of the sysadmin fixed server role: the logins the emulator starts with are. */
  sysadmin?: boolean;
  defaultDatabase?: string;
  disabled?: boolean;
  checkPolicy?: boolean;
  createDate?: string;
  modifyDate?: string;
}

export class Server {
  readonly databases: Database[] = [];
  readonly logins: Login[];
  private nextDatabaseId = 1;
  /** The next TDS transaction descriptor handed out by BEGIN TRANSACTION. */
  nextTransactionId = 1n;
  /** Goes up after every statement that may change the catalog or settings compiled plans depend on. */
  catalogVersion = 0;

  private nextPrincipalId = 256;

  constructor(logins: Login[]) {
    this.logins = logins;
    const now = nowDatetime();
    // sa always exists (principal 1): the sessions that load scripts run as it. When the emulator is
    // started with another login, sa is there disabled, as on a server whose sa is switched off.
    if (!logins.some((l) => l.user.toLowerCase() === 'sa'))
      logins.unshift({ user: 'sa', password: randomUUID(), disabled: true });
    logins.forEach((l) =>
      Object.assign(l, {
        principalId: l.principalId ?? (l.user.toLowerCase() === 'sa' ? 1 : this.nextPrincipalId++),
        sysadmin: l.sysadmin ?? true,
        createDate: l.createDate ?? now,
        modifyDate: l.modifyDate ?? now,
      }),
    );
    for (const name of ['master', 'tempdb', 'model', 'msdb']) this.createDatabase(name);
    this.nextDatabaseId = 5;
  }

  login(name: string): Login | undefined {
    const n = name.toLowerCase();
    return this.logins.find((l) => l.user.toLowerCase() === n);
  }

  loginById(id: number): Login | undefined {
    return this.logins.find((l) => l.principalId === id);
  }

  addLogin(login: Login): Login {
    const now = nowDatetime();
    const added = { ...login, principalId: this.nextPrincipalId++, createDate: now, modifyDate: now };
    this.logins.push(added);
    return added;
  }

  database(name: string): Database | undefined {
    const n = name.toLowerCase();
    return this.databases.find((d) => d.name.toLowerCase() === n);
  }

  databaseById(id: number): Database | undefined {
    return this.databases.find((d) => d.databaseId === id);
  }

  createDatabase(name: string, collation?: string): Database {
    if (this.database(name))
      throw new SqlError(1801, `Database '${name}' already exists. Choose a different database name.`, 16, 3);
    const db = new Database(this.nextDatabaseId++, name);
    if (collation) db.collation = collation;
    this.databases.push(db);
    return db;
  }

  dropDatabase(name: string): void {
    const db = this.database(name);
    if (!db)
      throw new SqlError(
        3701,
        `Cannot drop the database '${name}', because it does not exist or you do not have permission.`,
        11,
      );
    this.databases.splice(this.databases.indexOf(db), 1);
  }
}
