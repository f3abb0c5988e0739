// `load.mode` 'full-load-and-cdc' and 'cdc-only' apply the changes the source captured. A plan in such
// a mode is refused, naming the tables, when a mapped table's changes are not captured or have no key
// to apply them by; applying them is not built yet.

import { ExitCode, FerryError, NotSupportedError } from '../errors.js';
import { qualifiedName } from '../model/schema-model.js';
import type { TableMapping } from '../rules/table-mapping.js';

export type LoadMode = 'full-load' | 'full-load-and-cdc' | 'cdc-only';

export function checkChangeCapture(mappings: readonly TableMapping[], mode: LoadMode): void {
  if (mode === 'full-load') return;
  const uncaptured = mappings.filter((m) => !m.source.changeCapture).map((m) => m.source);
  if (uncaptured.length)
    throw new FerryError(
      `load.mode '${mode}' applies the changes the source captures, but change data capture is not enabled for ${uncaptured.length === 1 ? '1 mapped table' : `${uncaptured.length} mapped tables`}: ${uncaptured.map(qualifiedName).join(', ')}`,
      {
        code: 'CDC_NOT_ENABLED',
        where: 'load.mode',
        exitCode: ExitCode.usage,
        hint: `enable it on the source database (EXEC sys.sp_cdc_enable_db) and for each table, e.g. ${uncaptured
          .slice(0, 3)
          .map(
            (t) =>
              `EXEC sys.sp_cdc_enable_table @source_schema = N'${t.schema}', @source_name = N'${t.name}', @role_name = NULL, @supports_net_changes = 1`,
          )
          .join('; ')}`,
      },
    );
  const keyless = mappings.filter(
    (m) => !m.source.primaryKey && m.source.uniques.length === 0 && !m.source.indexes.some((i) => i.unique),
  );
  if (keyless.length)
    throw new FerryError(
      `load.mode '${mode}' applies each change by the row's key, but ${keyless.map((m) => qualifiedName(m.source)).join(', ')} ${keyless.length === 1 ? 'has' : 'have'} no primary key, unique constraint or unique index`,
      {
        code: 'CDC_NO_KEY',
        where: 'load.mode',
        exitCode: ExitCode.usage,
        hint: 'add a primary key or a unique index at the source, or leave the table out of this migration',
      },
    );
  throw new NotSupportedError(`load.mode '${mode}' (applying the changes the source captured)`, {
    where: 'load.mode',
    hint: "use load.mode 'full-load'",
  });
}
