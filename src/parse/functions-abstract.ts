// Functions a document applies to arguments. A function defined with parameters (`g(f) = \frac{1}{1+\exp(-f)}`,
// `E(\mathbf{w}) = …`) is used by substitution: g(a) becomes the body with f := a (g itself where a is f). A name
// applied to arguments that the document neither defines nor declares (`\phi(\mathbf{z})`, `l(\mathbf{o}, y)`) is an
// abstract smooth function: elementwise on one argument, a scalar of several. Its derivatives are functions too:
// φ′ (`\phi'(\mathbf{z})`, parsed as a product φ′·z until here), ∂l/∂o (`\frac{\partial l(\mathbf{o}, y)}{\partial
// \mathbf{o}}`). A symbol declared or defined as a quantity times a parenthesised expression stays a product.
import * as A from "../ast/index.js";
import type { Expr, Sym, Apply } from "../ast/index.js";
import type { Statement } from "./statement.js";
import { classify } from "./statement.js";
import type { Loc } from "../macro/lexer.js";
import { printExpr as printLatex } from "../render/latex.js";

const BIG = /^\\(prod|coprod|bigcup|bigcap|bigoplus|bigotimes|int|oint|lim)/;

/** An application that is not one of the parser's internal forms (tuple, matrix rows, \operatorname{…}, ∏). */
export function isUserApply(e: Expr): e is Apply {
  return (
    e.k === "apply" && !e.fn.latex.startsWith("\\operatorname{") && /^[A-Za-z]/.test(e.fn.name) && !BIG.test(e.fn.latex)
  );
}

/** `phi_prime_prime` → [`phi`, 2]. */
export function primeBase(name: string): [string, number] {
  let n = 0,
    b = name;
  while (b.endsWith("_prime")) {
    b = b.slice(0, -6);
    n++;
  }
  return [b, n];
}

/** Partial derivative names: `l_d1` is ∂l/∂(first argument). */
export const partialName = (name: string, j: number) => `${name}_d${j}`;
export function partialBase(name: string): [string, number] | null {
  const m = /^(.*)_d(\d+)$/.exec(name);
  return m ? [m[1], Number(m[2])] : null;
}

/** The derivative of an abstract function as a function symbol, printed as lectures write it. */
export function primeSym(fn: Sym): Sym {
  return A.sym(
    `${fn.name}_prime`,
    fn.hint,
    fn.latex.endsWith("'") || fn.latex.endsWith("^{\\prime}") ? `${fn.latex}'` : `${fn.latex}'`,
  );
}
export function partialSym(fn: Sym, j: number, arg: Expr, argLatex: string): Sym {
  void arg;
  return A.sym(partialName(fn.name, j), "unknown", `\\frac{\\partial ${fn.latex}}{\\partial ${argLatex}}`);
}

export interface FunctionDef {
  readonly fn: Sym;
  readonly params: readonly Sym[];
  readonly body: Expr;
  readonly loc: Loc;
}
export interface Functions {
  /** Functions defined with parameters, by name. */
  readonly defined: Map<string, FunctionDef>;
  /** Names applied to arguments that the document does not define: abstract functions. */
  readonly abstract: Map<string, Sym>;
  /** The same resolution for another statement of this document (a re-parse of a printed one). */
  readonly resolve: (s: Statement, loc: Loc) => Statement;
}

const functionsOf = new WeakMap<object, Functions>();
export const documentFunctions = (env: object): Functions | undefined => functionsOf.get(env);

function exprsOf(s: Statement): Expr[] {
  switch (s.kind) {
    case "declaration":
      return [];
    case "definition":
      return [...s.params, s.rhs, ...s.also];
    case "claim":
      return [s.deriv, s.rhs];
    case "assumption":
      return [s.lhs, s.rhs];
    case "expression":
      return [s.expr];
  }
}

/** Product factors of a left-nested matrix product, and back. */
function factors(e: Expr): Expr[] {
  return A.isOp(e, "mul") ? [...factors(e.args[0]), ...factors(e.args[1])] : [e];
}
const product = (fs: readonly Expr[]): Expr => fs.reduce((a, b) => A.op("mul", [a, b]));

/**
 * Resolve the applications of a document's statements (in place): defined functions substituted, φ′(z) made an
 * application, f(x) of a declared quantity a product. Returns the functions found; records them for `env`.
 */
export function resolveFunctions(records: { statement: Statement; readonly loc: Loc }[], env: object): Functions {
  const quantities = new Set<string>(),
    defined = new Map<string, FunctionDef>(),
    applied = new Map<string, Sym>();
  for (const r of records) {
    const s = r.statement;
    if (s.kind === "declaration") s.syms.forEach((x) => quantities.add(x.name));
    if (s.kind === "definition" && s.params.length === 0) quantities.add(s.lhs.name);
    if (
      s.kind === "definition" &&
      s.params.length > 0 &&
      s.params.every((p) => p.k === "sym") &&
      !defined.has(s.lhs.name)
    )
      defined.set(s.lhs.name, { fn: s.lhs, params: s.params as Sym[], body: s.rhs, loc: r.loc });
    for (const e of exprsOf(s))
      A.some(e, (x) => {
        if (isUserApply(x)) applied.set(x.fn.name, x.fn);
        return false;
      });
  }
  // f(\mathbf{x}_i) = … defines f_i too (the lecture's f_i is f(x_i))
  const members = new Map<string, Sym>();
  for (const def of defined.values()) {
    const m = def.params.length === 1 ? /_([A-Za-z])$/.exec(def.params[0].name) : null;
    if (m && !quantities.has(`${def.fn.name}_${m[1]}`)) members.set(`${def.fn.name}_${m[1]}`, def.fn);
  }
  const isFunction = (name: string) => defined.has(name) || (applied.has(name) && !quantities.has(name));
  const abstract = new Map([...applied].filter(([n]) => !defined.has(n) && !quantities.has(n)));

  const subst = (body: Expr, params: readonly Sym[], args: readonly Expr[]): Expr => {
    const m = new Map(params.map((p, i) => [p.name, args[i]]));
    return A.mapExpr(body, (x) => (x.k === "sym" && m.has(x.name) ? m.get(x.name)! : x));
  };
  const fix =
    (self: string | null) =>
    (x: Expr): Expr => {
      if (x.k === "sym" && members.has(x.name)) return members.get(x.name)!;
      if (isUserApply(x)) {
        const name = x.fn.name;
        const def = defined.get(name);
        if (def && name !== self && def.params.length === x.args.length) {
          if (def.params.every((p, i) => p === x.args[i])) return def.fn;
          return subst(def.body, def.params, x.args);
        }
        // \mathbf{h}(1 - \mathbf{h}) for a declared or defined quantity h is a product
        if (!def && quantities.has(name) && x.args.length === 1) return A.op("mul", [x.fn, x.args[0]]);
        return x;
      }
      if (A.isOp(x, "mul")) {
        // φ′(z), g'(f): the parser reads a primed name before a parenthesis as a product
        const fs = factors(x);
        const out: Expr[] = [];
        let changed = false;
        for (let i = 0; i < fs.length; i++) {
          const f = fs[i],
            next = fs[i + 1];
          if (f.k === "sym" && next && !quantities.has(f.name)) {
            const [base, n] = primeBase(f.name);
            if (n > 0 && isFunction(base)) {
              const args = next.k === "apply" && next.fn.name === "tuple" ? next.args : [next];
              out.push(A.apply(f, args));
              i++;
              changed = true;
              continue;
            }
          }
          out.push(f);
        }
        return changed ? product(out) : x;
      }
      // ∂g(a)/∂a of an abstract g: its derivative at a (∂l(o, y)/∂o: the partial in o)
      if (x.k === "deriv" && x.order === 1 && x.wrt.length === 1 && isUserApply(x.of) && abstract.has(x.of.fn.name)) {
        const j = x.of.args.indexOf(x.wrt[0]);
        if (j >= 0 && x.of.args.length === 1) return A.apply(primeSym(x.of.fn), x.of.args);
        if (j >= 0) return A.apply(partialSym(x.of.fn, j + 1, x.wrt[0], printLatex(x.wrt[0])), x.of.args);
      }
      return x;
    };
  const resolve = (s: Statement, loc: Loc): Statement => {
    const self = s.kind === "definition" && defined.get(s.lhs.name)?.loc === loc ? s.lhs.name : null;
    const f = fix(self);
    const m = (e: Expr) => A.mapExpr(e, f);
    switch (s.kind) {
      case "definition":
        return { ...s, rhs: m(s.rhs), also: s.also.map(m) };
      case "claim":
        return { ...s, deriv: keepDeriv(s.deriv, m), rhs: m(s.rhs) };
      case "assumption":
        return { ...s, lhs: m(s.lhs), rhs: m(s.rhs) };
      case "expression": {
        // g'(f) = … about a function the document defines is a derivative claim dg(f)/df = …
        const first = s.relation.first.k === "space" ? null : m(s.relation.first);
        const claimOf = first ? primedDefined(first, defined, m) : null;
        if (claimOf) {
          const rest = s.relation.rest.map((x) => ({ rel: x.rel, rhs: x.rhs.k === "space" ? x.rhs : m(x.rhs) }));
          return classify({ first: claimOf, rest }, s.loc);
        }
        return { ...s, expr: m(s.expr) };
      }
      case "declaration":
        return s;
    }
  };
  for (const r of records) {
    const s = r.statement;
    r.statement = resolve(s, r.loc);
    const t = r.statement;
    const changed = exprsOf(t).length !== exprsOf(s).length || exprsOf(t).some((e, i) => e !== exprsOf(s)[i]);
    // re-printed only where a derivative application appeared (φ′(z) read as a product reprints as one)
    const derivApply = (e: Expr) =>
      A.some(e, (x) => x.k === "apply" && (/_prime$/.test(x.fn.name) || partialBase(x.fn.name) !== null));
    if (
      changed &&
      "latex" in r &&
      t.kind !== "expression" &&
      exprsOf(t).some(derivApply) &&
      !exprsOf(s).some(derivApply)
    ) {
      const sides =
        t.kind === "claim"
          ? [t.deriv, t.rhs]
          : t.kind === "definition"
            ? [t.params.length ? A.apply(t.lhs, t.params) : t.lhs, t.rhs, ...t.also]
            : t.kind === "assumption"
              ? [t.lhs, t.rhs]
              : [];
      if (sides.length)
        (r as { latex: string }).latex = sides.map(printLatex).join(t.kind === "assumption" ? ` ${t.rel} ` : " = ");
    }
  }
  const out = { defined, abstract, resolve };
  functionsOf.set(env, out);
  return out;
}

/** The claimed derivative keeps its numerator (∂E(w)/∂w is about E), only defined functions are substituted. */
function keepDeriv(d: A.Deriv, m: (e: Expr) => Expr): A.Deriv {
  const of = d.of.k === "apply" ? d.of : m(d.of);
  return A.deriv(of, d.wrt.map(m), d.order, d.upright);
}

/** g'(a) for a function g the document defines: the derivative dg(a)/da it names. */
function primedDefined(e: Expr, defined: ReadonlyMap<string, FunctionDef>, m: (e: Expr) => Expr): A.Deriv | null {
  if (e.k !== "apply") return null;
  const [base, n] = primeBase(e.fn.name);
  const def = defined.get(base);
  if (n !== 1 || !def || e.args.length !== 1 || def.params.length !== 1 || e.args[0].k !== "sym") return null;
  const a = e.args[0];
  return A.deriv(def.params[0] === a ? A.apply(def.fn, [a]) : m(A.apply(def.fn, [a])), [a], 1, true);
}
