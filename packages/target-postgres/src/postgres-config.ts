// The options of the `postgres()` target (one zod schema: TS types and config errors come from it).

import { z } from 'zod';

export const postgresConfigSchema = z
  .object({
    /** `postgres://user:password@host:port/database` (password may also come from PGPASSWORD). */
    url: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().positive().optional(),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    database: z.string().min(1).optional(),
    /** Put every table, sequence and view into this schema instead of the model's schema names. */
    schema: z.string().min(1).optional(),
    ssl: z
      .union([
        z.boolean(),
        z.object({ rejectUnauthorized: z.boolean().optional(), ca: z.string().optional() }),
      ])
      .optional(),
    /** Bounded text columns as `varchar(n)` (default) or `text`. */
    textFor: z.enum(['varchar', 'text']).default('varchar'),
    /** datetimeoffset columns as `timestamptz` (default: the instant, not the offset) or `text` (as written). */
    timestamptzAs: z.enum(['timestamptz', 'text']).default('timestamptz'),
    /** hierarchyid columns as `ltree` (default; the contrib extension is created in pre-data) or `text` (the path, e.g. /1/3/). */
    hierarchyidAs: z.enum(['ltree', 'text']).default('ltree'),
    /** geography / geometry columns as `bytea` holding EWKB (default) or PostGIS types (`postgis`: the extension must be available). */
    spatialAs: z.enum(['ewkb', 'postgis']).default('ewkb'),
    /** COPY format of the writer. */
    copyFormat: z.enum(['text', 'binary']).default('binary'),
    /** Foreign keys in post-data: `validate` (checked while added) or `not-valid-then-validate` (added NOT VALID, then VALIDATE). */
    foreignKeys: z.enum(['validate', 'not-valid-then-validate']).default('validate'),
    /**
     * The PostgreSQL major version converted code is written for when Ferry plans without reaching the
     * server (ferry convert, plan, assess --offline); default 17, the embedded PostgreSQL's. When Ferry
     * connects (run, assess), the server's own version (server_version_num) is used unless this is set.
     * Converted code needs PostgreSQL 13 or later (jsonb_set_lax).
     */
    serverVersion: z.number().int().min(13).max(99).optional(),
    /** Maximum connections of the endpoint's pool; a pool that runs more jobs at once holds one per job, plus one. */
    poolSize: z.number().int().positive().default(4),
    /**
     * The run lease: how often its heartbeat is written (default 5 s), and after how long without one
     * a holder whose session ended is taken to be dead and its lease taken over (default 30 s).
     */
    lease: z
      .object({
        heartbeatSeconds: z.number().positive().optional(),
        takeOverAfterSeconds: z.number().positive().optional(),
      })
      .optional(),
  })
  .refine((c) => c.url !== undefined || c.host !== undefined, {
    message: 'give either url or host (with port, user, password, database)',
    path: ['url'],
  });

export type PostgresOptions = z.input<typeof postgresConfigSchema>;
export type PostgresConfig = z.output<typeof postgresConfigSchema>;
