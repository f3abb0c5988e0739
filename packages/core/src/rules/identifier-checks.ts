// Checks target identifiers before anything runs: at most 63 UTF-8 bytes (PostgreSQL never gets a
// silently truncated name) and no two source objects ending with the same target name.

import { ConfigError } from '../errors.js';
import { identifierBytes, MAX_IDENTIFIER_BYTES } from '../naming/naming-strategy.js';

export class IdentifierChecks {
  private readonly issues: string[] = [];
  private readonly spaces = new Map<string, Map<string, string>>();

  /**
   * Claims `name` in `namespace` (e.g. `relation northwind`, `column northwind.orders`) for the source
   * object `source`; `display` is the full target name shown in messages.
   */
  claim(namespace: string, name: string, source: string, display: string): void {
    this.length(name, source);
    let space = this.spaces.get(namespace);
    if (!space) this.spaces.set(namespace, (space = new Map()));
    const previous = space.get(name);
    if (previous !== undefined && previous !== source) {
      this.issues.push(`${previous} and ${source} both become ${display}`);
    } else {
      space.set(name, source);
    }
  }

  /** True when the name is free in the namespace. */
  isFree(namespace: string, name: string): boolean {
    return !this.spaces.get(namespace)?.has(name);
  }

  length(name: string, source: string): void {
    const bytes = identifierBytes(name);
    if (bytes > MAX_IDENTIFIER_BYTES) {
      this.issues.push(
        `${source}: target name "${name}" is ${bytes} bytes, over PostgreSQL's ${MAX_IDENTIFIER_BYTES}-byte limit`,
      );
    }
  }

  throwIfAny(): void {
    if (this.issues.length === 0) return;
    throw new ConfigError('Target names are not valid PostgreSQL identifiers', this.issues, {
      code: 'CONFIG_TARGET_NAMES',
      hint: 'rename them with rules (rename, remove-prefix...), tables.<schema.table>.rename or another naming strategy',
    });
  }
}
