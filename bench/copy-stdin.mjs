// Benchmark helper: the `psql \copy` half of the `bsqldb | psql \copy` peer pipeline. The embedded
// PostgreSQL package ships no psql, so its standard input goes into `COPY ... FROM STDIN` through
// pg-copy-streams, as psql's \copy sends it. Argv: <PostgreSQL URL> <COPY statement>.
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';

const targetRequire = createRequire(new URL('../packages/target-postgres/package.json', import.meta.url));
const pg = targetRequire('pg');
const { from: copyFrom } = targetRequire('pg-copy-streams');

const [url, sql] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await pipeline(process.stdin, client.query(copyFrom(sql)));
} finally {
  await client.end();
}
