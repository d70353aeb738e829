// The definition graph of a document: which symbols are defined by which expressions, in dependency order.
import { isUserApply } from "../parse/functions-abstract.js";
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { LocatedError } from "../errors.js";
import type { Loc } from "../macro/lexer.js";
import { perDocument } from "./docindex.js";

export interface Definition {
  readonly lhs: Sym;
  readonly rhs: Expr;
  readonly loc: Loc;
}

export class Graph {
  readonly defs = new Map<string, Definition>();
  private lastDef: Definition | undefined;
  constructor(readonly doc: Document) {
    for (const r of doc.statements) {
      const s = r.statement;
      if (
        s.kind === "definition" &&
        (s.rhs.k !== "apply" || isUserApply(s.rhs)) &&
        !A.some(s.rhs, (x) => x.k === "dots" || x.k === "deriv")
      )
        this.defs.set(s.lhs.name, { lhs: s.lhs, rhs: s.rhs, loc: r.loc });
    }
    this.lastDef = [...this.defs.values()].pop();
  }

  /**
   * The graph of a document, made once per statement list (every claim of a document derives over the same
   * view): treat it as read-only.
   */
  static of(doc: Document): Graph {
    return perDocument("graph", doc, (d) => new Graph(d));
  }

  /** The last definition in the document (the default output). */
  last(): Definition | undefined {
    return this.lastDef;
  }

  find(name: string): Definition | undefined {
    const clean = name.replace(/^\\/, "");
    if (this.defs.has(clean)) return this.defs.get(clean);
    for (const d of this.defs.values()) if (d.lhs.latex === name || d.lhs.latex === `\\${clean}`) return d;
    return undefined;
  }

  /** Symbols an expression uses, except summation indices. */
  static uses(e: Expr): Sym[] {
    const out = new Map<string, Sym>();
    const walk = (x: Expr, bound: ReadonlySet<string>) => {
      if (x.k === "sym" && !bound.has(x.name)) out.set(x.name, x);
      const inner = x.k === "sumidx" ? new Set([...bound, x.index]) : bound;
      // the function of an application is no quantity (φ in φ(z))
      for (const c of x.k === "apply" ? x.args : A.children(x)) walk(c, inner);
    };
    walk(e, new Set());
    return [...out.values()];
  }

  /**
   * Definitions that `target` depends on, in topological order (inputs first, target last): a depth-first walk
   * kept on a list of its own (a chain of 100,000 definitions is no deeper a recursion than one).
   */
  order(target: string): Definition[] {
    const out: Definition[] = [];
    const state = new Map<string, 1 | 2>();
    const t = this.defs.get(target);
    if (!t) return out;
    const stack: { d: Definition; uses: Sym[]; next: number }[] = [];
    const enter = (d: Definition) => {
      state.set(d.lhs.name, 1);
      stack.push({ d, uses: Graph.uses(d.rhs), next: 0 });
    };
    enter(t);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next < top.uses.length) {
        const name = top.uses[top.next++].name,
          d = this.defs.get(name);
        if (!d || state.get(name) === 2) continue;
        if (state.get(name) === 1) throw new LocatedError(d.loc, `${d.lhs.latex} is defined in terms of itself`);
        enter(d);
      } else {
        stack.pop();
        state.set(top.d.lhs.name, 2);
        out.push(top.d);
      }
    }
    return out;
  }

  /** Leaf symbols (not defined) that the target depends on. */
  leaves(target: string): Sym[] {
    const out = new Map<string, Sym>();
    for (const d of this.order(target))
      for (const s of Graph.uses(d.rhs)) if (!this.defs.has(s.name)) out.set(s.name, s);
    return [...out.values()];
  }
}

/** Scalars that name sizes rather than inputs (d_k, n, N): constants of the derivation. */
export function isDimensionLike(s: Sym, doc: Document): boolean {
  // a symbol declared as a vector or matrix (h ∈ ℝʰ) is a quantity, never a size
  if (doc.env.symbols.has(s.name)) return false;
  if (doc.env.dims.hasName(s.name)) return true;
  if (s.name === "pi" || s.name === "e") return true;
  // ε in a layer norm or a denominator is a hyperparameter, not an input
  if (s.name === "epsilon" || s.name === "varepsilon" || s.name === "eps") return true;
  return s.hint === "scalar" && /^(d|n|m|k|N|D|T|K|h|M)(_[A-Za-z0-9]+)?$/.test(s.name);
}
