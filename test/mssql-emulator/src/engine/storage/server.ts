// The server instance: databases (master plus user databases) and SQL logins.

import { Database } from './database.js';
import { SqlError } from '../errors.js';

export interface Login {
  user: string;
  password: string;
}

export class Server {
  readonly databases: Database[] = [];
  readonly logins: Login[];
  private nextDatabaseId = 1;
  /** The next TDS transaction descriptor handed out by BEGIN TRANSACTION. */
  nextTransactionId = 1n;

  constructor(logins: Login[]) {
    this.logins = logins;
    for (const name of ['master', 'tempdb', 'model', 'msdb']) this.createDatabase(name);
    this.nextDatabaseId = 5;
  }

  database(name: string): Database | undefined {
    const n = name.toLowerCase();
    return this.databases.find((d) => d.name.toLowerCase() === n);
  }

  databaseById(id: number): Database | undefined {
    return this.databases.find((d) => d.databaseId === id);
  }

  createDatabase(name: string): Database {
    if (this.database(name))
      throw new SqlError(1801, `Database '${name}' already exists. Choose a different database name.`, 16, 3);
    const db = new Database(this.nextDatabaseId++, name);
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
