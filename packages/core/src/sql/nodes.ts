// IR node kinds. Each node is plain data with a `kind` discriminant and an optional source position.

export interface SourcePos {
  line: number;
  column: number;
}

export interface BaseNode {
  kind: string;
  pos?: SourcePos;
}

/** Any IR node. The concrete node kinds are declared as the parser grows. */
export type SqlNode = BaseNode & Record<string, unknown>;
