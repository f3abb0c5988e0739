// The name users read for an object of the target-shaped model: where the target puts it.

import { qualifiedName, type QualifiedName } from '../model/schema-model.js';
import type { TargetEndpoint } from './endpoint.js';

/** `schema.name` where `target` puts `o` (TargetEndpoint.place), else the model's own name. */
export function placedName(target: Pick<TargetEndpoint, 'place'>, o: QualifiedName): string {
  return qualifiedName(target.place?.(o) ?? o);
}
