// Macro tables: one table per scope (a --macros file, a document), falling back to a parent table.
import type { Loc, Tok } from "./lexer.js";

export interface Macro {
  readonly name: string; // without the backslash
  readonly nparams: number; // including the optional first argument, if any
  readonly optDefault?: readonly Tok[]; // present when the first argument is optional ([...])
  readonly body: readonly Tok[];
  /** gpp/lamd `\define`: parameters referenced as `\name` in the body (`#1` is then literal text). */
  readonly namedParams?: readonly string[];
  readonly loc: Loc; // where the definition starts
}

export interface MacroError {
  readonly loc: Loc;
  readonly message: string;
}

export class MacroTable {
  private readonly own = new Map<string, Macro>();

  constructor(readonly parent?: MacroTable) {}

  /** The macro named `name` (without backslash; a leading backslash is tolerated), here or in a parent. */
  get(name: string): Macro | undefined {
    const key = name.charCodeAt(0) === 92 ? name.slice(1) : name; // tolerate a leading backslash
    return this.own.get(key) ?? this.parent?.get(key);
  }

  /** The macro if it is defined in this table itself (not a parent). */
  getOwn(name: string): Macro | undefined {
    return this.own.get(name.startsWith("\\") ? name.slice(1) : name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(m: Macro): void {
    this.own.set(m.name, m);
  }

  /** Number of definitions in this table (not the parent). */
  get size(): number {
    return this.own.size;
  }

  /** Names defined in this table (not the parent), in definition order. */
  names(): string[] {
    return [...this.own.keys()];
  }
}

/** Same parameters, default and body text: re-defining a macro identically is not an error. */
export function sameDefinition(a: Macro, b: Macro): boolean {
  const eq = (x: readonly Tok[] | undefined, y: readonly Tok[] | undefined): boolean =>
    x === undefined || y === undefined ? x === y : x.length === y.length && x.every((t, i) => t.value === y[i].value);
  return (
    a.nparams === b.nparams &&
    eq(a.optDefault, b.optDefault) &&
    eq(a.body, b.body) &&
    (a.namedParams ?? []).join(",") === (b.namedParams ?? []).join(",") &&
    (a.namedParams === undefined) === (b.namedParams === undefined)
  );
}
