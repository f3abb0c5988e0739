// Checks target identifiers before anything runs: at most the target's identifier length in UTF-8
// bytes (the target never gets a silently truncated name) and no two source objects ending with the same target name: the later
// one gets a deterministic suffix and an action item, or (onCollision 'fail') the plan is refused. A
// name that is one of the target's reserved words is kept (the target quotes it) or, with
// reservedWords 'rename', gets a `_` suffix and an action item.

import { ConfigError } from '../errors.js';
import { identifierBytes, isReservedWord, shortenIdentifier } from '../naming/naming-strategy.js';
import type { TargetCapabilities } from '../plugins/endpoint.js';
import type { ActionItem } from '../report/action-item.js';

export type OnCollision = 'suffix' | 'fail';
export type ReservedWords = 'quote' | 'rename';

export class IdentifierChecks {
  private readonly issues: string[] = [];
  private readonly spaces = new Map<string, Map<string, string>>();
  /** Source schema -> its target name, once checked. */
  private readonly schemas = new Map<string, string>();

  /** `actionItems` receives one item per name suffixed to settle a collision or renamed from a reserved word. */
  constructor(
    private readonly target: TargetCapabilities,
    private readonly naming: { onCollision: OnCollision; reservedWords: ReservedWords } = {
      onCollision: 'fail',
      reservedWords: 'quote',
    },
    private readonly actionItems: ActionItem[] = [],
  ) {}

  /**
   * Claims `name` in `namespace` (e.g. `relation northwind`, `column northwind.orders`) for the source
   * object `source`; `display` is the full target name shown in messages. Returns the name to use:
   * `name`, or when another source object has it and collisions are suffixed, `name_2`, `name_3`...
   */
  claim(namespace: string, wanted: string, source: string, display: string): string {
    const name = this.unreserved(wanted, source);
    this.length(name, source);
    let space = this.spaces.get(namespace);
    if (!space) this.spaces.set(namespace, (space = new Map()));
    const previous = space.get(name);
    if (previous === undefined || previous === source) {
      space.set(name, source);
      return name;
    }
    if (this.naming.onCollision === 'fail') {
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

  /**
   * The target name `name` of the source schema `source`: with reservedWords 'rename', a reserved word
   * gets a `_` suffix, reported once per schema.
   */
  schema(name: string, source: string): string {
    let out = this.schemas.get(source);
    if (out === undefined) this.schemas.set(source, (out = this.unreserved(name, `schema ${source}`)));
    return out;
  }

  /** `name`, or with reservedWords 'rename' and a reserved word of the target, `name_` (reported). */
  private unreserved(name: string, source: string): string {
    if (this.naming.reservedWords !== 'rename' || !isReservedWord(name, this.target)) return name;
    const out = shortenIdentifier(`${name}_`, this.target.identifierMaxBytes);
    this.actionItems.push({
      code: 'RULES_RESERVED_WORD_RENAMED',
      severity: 'low',
      object: source,
      message: `${source} is named ${out}: ${name} is a reserved word in ${this.target.product}`,
      suggestion: "set naming.reservedWords: 'quote' to keep the name, quoted in every statement",
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
