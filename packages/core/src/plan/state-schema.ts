// Ferry's run state lives in one schema of the target (`state.schema`, default `ferry`). A mapped
// object landing there would replace the checkpoint tables, so such a plan is refused.

import { ExitCode, FerryError } from '../errors.js';
import type { QualifiedName, SchemaModel } from '../model/schema-model.js';

/**
 * Throws (exit 2) when an object of the target-shaped model would land in the state schema.
 * `landing` maps a model schema to the schema the target puts it in (a target option may put
 * everything in one schema); by default the model's own.
 */
export function refuseStateSchemaObjects(
  model: SchemaModel,
  stateSchema: string,
  landing: (schema: string) => string = (s) => s,
): void {
  const kinds: [string, readonly QualifiedName[]][] = [
    ['table', model.tables],
    ['view', model.views],
    ['routine', model.routines],
    ['trigger', model.triggers],
    ['sequence', model.sequences],
    ['type', model.userTypes],
    ['synonym', model.synonyms],
  ];
  const clashes = kinds.flatMap(([kind, objects]) =>
    objects.filter((o) => landing(o.schema) === stateSchema).map((o) => `${kind} ${stateSchema}.${o.name}`),
  );
  if (!clashes.length) return;
  const shown =
    clashes.length > 10 ? [...clashes.slice(0, 10), `... and ${clashes.length - 10} more`] : clashes;
  throw new FerryError(
    `${clashes.length === 1 ? 'a mapped object lands' : `${clashes.length} mapped objects land`} in schema ${stateSchema}, where Ferry keeps its run state (checkpoints):\n${shown.map((c) => `  - ${c}`).join('\n')}`,
    {
      code: 'STATE_SCHEMA_CLASH',
      where: `state.schema (${stateSchema})`,
      exitCode: ExitCode.usage,
      hint: `map its source schema elsewhere (schemaMap: { '<source schema>': '<other>' }, or a rename rule), or keep Ferry's state in another schema (state: { schema: 'ferry_state' })`,
    },
  );
}
