// Checks target identifiers before anything runs: at most the target's identifier length in UTF-8
// bytes (the target never gets a silently truncated name) and no two source objects ending with the same target name: the later
// one gets a deterministic suffix and an action item, or (onCollision 'fail') the plan is refused.

import { ConfigError } from '../errors.js';
import { identifierBytes, shortenIdentifier } from '../naming/naming-strategy.js';
import type { TargetCapabilities } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';

export type OnCollision = 'suffix' | 'fail';

export class IdentifierChecks {
  private readonly issues: string[] = [];
  private readonly spaces = new Map<string, Map<string, string>>();

  /** `actionItems` receives one item per name suffixed to settle a collision. */
  constructor(
    private readonly target: TargetCapabilities,
    private readonly onCollision: OnCollision = 'fail',
    private readonly actionItems: ActionItem[] = [],
  ) {}

  /**
   * Claims `name` in `namespace` (e.g. `relation northwind`, `column northwind.orders`) for the source
   * object `source`; `display` is the full target name shown in messages. Returns the name to use:
   * `name`, or when another source object has it and collisions are suffixed, `name_2`, `name_3`...
   */
  claim(namespace: string, name: string, source: string, display: string): string {
    this.length(name, source);
    let space = this.spaces.get(namespace);
    if (!space) this.spaces.set(namespace, (space = new Map()));
    const previous = space.get(name);
    if (previous === undefined || previous === source) {
      space.set(name, source);
      return name;
    }
    if (this.onCollision === 'fail') {
      this.issues.push(`${previous} and ${source} both become ${display}`);
      return name;
    }
    let out = name;
    for (let n = 2; space.has(out); n++)
      out = shortenIdentifier(`${name}_${n}`, this.target.identifierMaxBytes);
    space.set(out, source);
    this.actionItems.push({
      code: 'NAME_COLLISION_SUFFIXED',
      severity: 'medium',
      object: source,
      message: `${previous} and ${source} both become ${display}; ${source} is named ${out}`,
      suggestion:
        "rename one of them with a rename rule (or set naming.onCollision: 'fail' to refuse the plan)",
    });
    return out;
  }

  /** True when the name is free in the namespace. */
  isFree(namespace: string, name: string): boolean {
    return !this.spaces.get(namespace)?.has(name);
  }

  length(name: string, source: string): void {
    const bytes = identifierBytes(name);
    const max = this.target.identifierMaxBytes;
    if (bytes > max) {
      this.issues.push(
        `${source}: target name "${name}" is ${bytes} bytes, over ${this.target.product}'s ${max}-byte limit`,
      );
    }
  }

  throwIfAny(): void {
    if (this.issues.length === 0) return;
    throw new ConfigError(`Target names are not valid ${this.target.product} identifiers`, this.issues, {
      code: 'CONFIG_TARGET_NAMES',
      hint: 'rename them with rules (rename, remove-prefix...), tables.<schema.table>.rename or another naming strategy',
    });
  }
}
