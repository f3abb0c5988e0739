// Options of the ndjson source and target: the directory holding the table files.

import { z } from 'zod';

export const ndjsonConfigSchema = z.strictObject({
  /** Directory of the `<schema>.<table>.ndjson` and `.schema.json` files, relative to the config file. */
  dir: z.string().min(1),
});

export type NdjsonOptions = z.input<typeof ndjsonConfigSchema>;
export type NdjsonConfig = z.output<typeof ndjsonConfigSchema>;
