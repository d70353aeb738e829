// Two namespaces: symbols (declared `\mathbf{h} \in \mathbb{R}^{h}` with a vector or matrix space, defined
// `\mathbf{h} = …`, or written bold anywhere) and dimensions (the names inside declaration spaces, `h` in ℝʰ). After normalisation both
// may carry the same name (`\mathbf{h}` and `h` are both `h`), so a use in the math is read as follows:
// - spelled as the symbol is declared or defined (`\mathbf{h}`), or in a derivative (`\partial h`): the symbol;
// - a name that is only a dimension (`\sqrt{d_k}`): the size;
// - spelled as the dimension by a macro of its own (`\numComps` beside `\kernelMatrix`, both K), or as the limit
//   of a sum (`\sum_{j=1}^{h}`): the size;
// - spelled as the dimension (plain `h`) but not as the symbol: ambiguous, a located error naming both readings.
import type { Expr, Sym } from "../ast/index.js";
import * as A from "../ast/index.js";
import type { Statement } from "./statement.js";
import type { GTok } from "./tokens.js";
import type { Loc } from "../macro/lexer.js";

type Spellings = Map<string, Set<string>>;
const add = (m: Spellings, s: Sym) => {
  let v = m.get(s.name);
  if (!v) m.set(s.name, (v = new Set()));
  v.add(s.latex);
};

function symsOf(e: Expr, out: Sym[] = []): Sym[] {
  if (e.k === "sym") out.push(e);
  for (const c of A.children(e)) symsOf(c, out);
  return out;
}

export interface Namespaces {
  /** Names that are both a symbol and a dimension: in the math they denote the symbol, never the size. */
  readonly shadowed: ReadonlySet<string>;
  /** Names declared with a vector or matrix space, defined, or written bold: never a size, whatever the name. */
  readonly symbols: ReadonlySet<string>;
  /** The first use in `s` that could be either the symbol or the dimension, with its location. */
  ambiguity(s: Statement, tokens: readonly GTok[]): { loc: Loc; message: string } | null;
  /** Dimensions used by a macro of their own, renamed apart from the symbol: alias → dimension name. */
  readonly aliases: ReadonlyMap<string, string>;
  /** `s` with those uses renamed (`\numComps` → a symbol that names the size K, not the matrix K). */
  resolve(s: Statement): Statement;
}

const bold = (x: Sym) => x.hint === "vector" || /^\\(mathbf|boldsymbol|bm|vec|pmb|mathbold|bf)\{/.test(x.latex);

function exprsOf(s: Statement): Expr[] {
  switch (s.kind) {
    case "declaration":
      return [];
    case "definition":
      return [s.rhs, ...s.also];
    case "claim":
      return [s.rhs];
    case "assumption":
      return [s.lhs, s.rhs];
    case "expression":
      return [s.expr];
  }
}

export function namespaces(statements: readonly Statement[]): Namespaces {
  const symbols: Spellings = new Map(),
    dims: Spellings = new Map();
  for (const s of statements) {
    if (s.kind === "declaration") {
      for (const d of s.space.dims) for (const x of symsOf(d)) add(dims, x);
      if (s.space.dims.length > 0) s.syms.forEach((x) => add(symbols, x));
    }
    if (s.kind === "definition") add(symbols, s.lhs);
    // a bold letter is a vector or a matrix wherever it stands, declared or not: never a size
    for (const e of s.kind === "claim" ? [s.deriv, s.rhs] : exprsOf(s))
      for (const x of symsOf(e)) if (bold(x)) add(symbols, x);
  }
  const shadowed = new Set([...symbols.keys()].filter((n) => dims.has(n)));
  const dimSpelled = (x: Sym) =>
    shadowed.has(x.name) && !symbols.get(x.name)!.has(x.latex) && dims.get(x.name)!.has(x.latex);
  const byMacro = (x: Sym) => /^\\[A-Za-z]+$/.test(x.latex) && x.latex.length > 2;
  const ambiguous = (x: Sym) => dimSpelled(x) && !byMacro(x);
  // a free name for each shadowed dimension where the math reads it as the size: h_size, h_size2, …
  const taken = (n: string) =>
    symbols.has(n) ||
    dims.has(n) ||
    statements.some((s) => exprsOf(s).some((e) => A.some(e, (y) => y.k === "sym" && y.name === n)));
  const aliases = new Map<string, string>(),
    aliasOf = new Map<string, string>();
  for (const n of shadowed) {
    let a = `${n}_size`;
    for (let k = 2; taken(a); k++) a = `${n}_size${k}`;
    aliases.set(a, n);
    aliasOf.set(n, a);
  }
  // a plain I that the document never declares, defines, bounds, applies or differentiates by is the identity, as
  // in (X^\top X + \lambda I)^{-1}: read as a free matrix it was drawn at random, and a right claim about
  // \mathbf{x}^\top I \mathbf{x} was called incorrect
  const plainI = (x: Expr) => x.k === "sym" && x.name === "I" && x.latex === "I";
  const mentionsI = (e: Expr) => A.some(e, (y) => y.k === "sym" && y.name === "I");
  const iIsFree =
    !symbols.has("I") &&
    !dims.has("I") &&
    statements.every(
      (s) =>
        (s.kind !== "declaration" || !s.syms.some((x) => x.name === "I")) &&
        (s.kind !== "assumption" || (!mentionsI(s.lhs) && !mentionsI(s.rhs))) &&
        (s.kind !== "claim" || !s.deriv.wrt.some(mentionsI)) &&
        exprsOf(s).every(
          (e) =>
            !A.some(
              e,
              (y) =>
                (y.k === "apply" && y.fn.name === "I") ||
                (y.k === "sumidx" && (y.index === "I" || [y.lo, y.hi].some((l) => l !== undefined && mentionsI(l)))),
            ),
        ),
    );
  const identity = (e: Expr): Expr => A.mapExpr(e, (x) => (plainI(x) ? A.constant("eye") : x));
  const toSize = (x: Expr): Expr =>
    x.k === "sym" && dimSpelled(x) ? A.sym(aliasOf.get(x.name)!, "scalar", x.latex) : x;
  // the limits of a sum are sizes (\sum_{j=1}^{h}); elsewhere only a macro of the dimension's own names the size
  const rename = (e: Expr): Expr =>
    A.mapExpr(e, (x) => {
      if (x.k === "sumidx")
        return A.sumIdx(x.index, x.body, x.lo && A.mapExpr(x.lo, toSize), x.hi && A.mapExpr(x.hi, toSize));
      return x.k === "sym" && byMacro(x) ? toSize(x) : x;
    });
  function resolve(s0: Statement): Statement {
    const s = iIsFree ? withIdentity(s0) : s0;
    if (aliases.size === 0) return s;
    switch (s.kind) {
      case "declaration":
        return s;
      case "definition":
        return { ...s, rhs: rename(s.rhs), also: s.also.map(rename) };
      case "claim":
        return { ...s, rhs: rename(s.rhs) };
      case "assumption":
        return { ...s, lhs: rename(s.lhs), rhs: rename(s.rhs) };
      case "expression":
        return { ...s, expr: rename(s.expr) };
    }
  }

  function withIdentity(s: Statement): Statement {
    if (!exprsOf(s).some((e) => A.some(e, plainI))) return s;
    switch (s.kind) {
      case "declaration":
        return s;
      case "definition":
        return { ...s, rhs: identity(s.rhs), also: s.also.map(identity) };
      case "claim":
        return { ...s, rhs: identity(s.rhs) };
      case "assumption":
        return s;
      case "expression":
        return { ...s, expr: identity(s.expr) };
    }
  }

  /** Uses that could be a size: not differentiated (∂h/∂W), nor differentiated by (∂f/∂h), nor a sum's limit. */
  function uses(e: Expr, out: Sym[]): Sym[] {
    if (e.k === "sym") out.push(e);
    else if (e.k === "deriv") {
      if (e.of.k !== "sym") uses(e.of, out);
    } else if (e.k === "sumidx") uses(e.body, out);
    else for (const c of A.children(e)) uses(c, out);
    return out;
  }
  function ambiguity(s: Statement, tokens: readonly GTok[]): { loc: Loc; message: string } | null {
    if (shadowed.size === 0) return null;
    const x = exprsOf(s)
      .flatMap((e) => uses(e, []))
      .find(ambiguous);
    if (!x) return null;
    const sym = [...symbols.get(x.name)!][0];
    const tok = tokens.find((t) => t.sym && t.sym.name === x.name && t.sym.latex === x.latex);
    return {
      loc: tok?.loc ?? s.loc,
      message:
        `${x.latex} is ambiguous: the quantity ${sym} or the size ${x.latex}; write ${sym} for the quantity, ` +
        `or give the dimension another name (d_${x.name})`,
    };
  }
  return { shadowed, symbols: new Set(symbols.keys()), ambiguity, aliases, resolve };
}
