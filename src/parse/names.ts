// Two namespaces: symbols (declared `\mathbf{h} \in \mathbb{R}^{h}` with a vector or matrix space, or defined
// `\mathbf{h} = …`) and dimensions (the names inside declaration spaces, `h` in ℝʰ). After normalisation both
// may carry the same name (`\mathbf{h}` and `h` are both `h`), so a use in the math is read as follows:
// - spelled as the symbol is declared or defined (`\mathbf{h}`), or in a derivative (`\partial h`): the symbol;
// - a name that is only a dimension (`\sqrt{d_k}`): the size;
// - spelled as the dimension (plain `h`) but not as the symbol: ambiguous, a located error naming both readings.
import type { Expr, Sym } from "../ast/index.js";
import * as A from "../ast/index.js";
import type { Statement } from "./statement.js";
import type { GTok } from "./tokens.js";
import type { Loc } from "../macro/lexer.js";

type Spellings = Map<string, Set<string>>;
const add = (m: Spellings, s: Sym) => { let v = m.get(s.name); if (!v) m.set(s.name, (v = new Set())); v.add(s.latex); };

function symsOf(e: Expr, out: Sym[] = []): Sym[] {
  if (e.k === "sym") out.push(e);
  for (const c of A.children(e)) symsOf(c, out);
  return out;
}

export interface Namespaces {
  /** Names that are both a symbol and a dimension: in the math they denote the symbol, never the size. */
  readonly shadowed: ReadonlySet<string>;
  /** Names declared with a vector or matrix space, or defined: never a size, whatever the name. */
  readonly symbols: ReadonlySet<string>;
  /** The first use in `s` that could be either the symbol or the dimension, with its location. */
  ambiguity(s: Statement, tokens: readonly GTok[]): { loc: Loc; message: string } | null;
}

export function namespaces(statements: readonly Statement[]): Namespaces {
  const symbols: Spellings = new Map(), dims: Spellings = new Map();
  for (const s of statements) {
    if (s.kind === "declaration") {
      for (const d of s.space.dims) for (const x of symsOf(d)) add(dims, x);
      if (s.space.dims.length > 0) s.syms.forEach((x) => add(symbols, x));
    }
    if (s.kind === "definition") add(symbols, s.lhs);
  }
  const shadowed = new Set([...symbols.keys()].filter((n) => dims.has(n)));
  const ambiguous = (x: Sym) => shadowed.has(x.name) && !symbols.get(x.name)!.has(x.latex) && dims.get(x.name)!.has(x.latex);

  /** Uses outside derivatives (a size is never differentiated, nor differentiated by). */
  function uses(e: Expr, out: Sym[]): Sym[] {
    if (e.k === "sym") out.push(e);
    else if (e.k !== "deriv") for (const c of A.children(e)) uses(c, out);
    return out;
  }
  function exprsOf(s: Statement): Expr[] {
    switch (s.kind) {
      case "declaration": return [];
      case "definition": return [s.rhs, ...s.params, ...s.also];
      case "claim": return [s.rhs];
      case "assumption": return [s.lhs, s.rhs];
      case "expression": return [s.expr];
    }
  }
  function ambiguity(s: Statement, tokens: readonly GTok[]): { loc: Loc; message: string } | null {
    if (shadowed.size === 0) return null;
    const x = exprsOf(s).flatMap((e) => uses(e, [])).find(ambiguous);
    if (!x) return null;
    const sym = [...symbols.get(x.name)!][0];
    const tok = tokens.find((t) => t.sym && t.sym.name === x.name && t.sym.latex === x.latex);
    return {
      loc: tok?.loc ?? s.loc,
      message: `${x.latex} is ambiguous: the quantity ${sym} or the size ${x.latex}; write ${sym} for the quantity, `
        + `or give the dimension another name (d_${x.name})`,
    };
  }
  return { shadowed, symbols: new Set(symbols.keys()), ambiguity };
}
