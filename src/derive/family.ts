// Indexed families: inside \sum_{i} a symbol x_i (or y_i) is the i-th member of a family — row i of X, or
// entry i of y — rather than an input of its own.
import * as A from "../ast/index.js";
import type { Expr, SumIdx, Sym } from "../ast/index.js";

export interface Member {
  readonly sym: Sym;
  readonly base: string;
  readonly index: string;
  readonly sum: SumIdx;
}

/** Symbols `base_i` used under a sum over i. */
export function familyMembers(exprs: readonly Expr[]): Map<string, Member> {
  const out = new Map<string, Member>();
  const walk = (e: Expr, sums: readonly SumIdx[]) => {
    if (e.k === "sym") {
      const m = /^(.+)_([A-Za-z])$/.exec(e.name);
      const sum = m ? [...sums].reverse().find((s) => s.index === m[2]) : undefined;
      if (m && sum) out.set(e.name, { sym: e, base: m[1], index: m[2], sum });
    }
    const inner = e.k === "sumidx" ? [...sums, e] : sums;
    for (const c of A.children(e)) walk(c, inner);
  };
  exprs.forEach((e) => walk(e, []));
  return out;
}
