// Matching modulo associativity and commutativity of + and ⊙: a binary pattern p₁ + p₂ (or p₁ ⊙ p₂) matches
// a sum (product) of any number of terms when p₁ matches some term and p₂ the remaining ones, in either
// order. Everything else is the rule engine's syntactic match, applied below the AC operators recursively.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { type Bindings, type MatchCtx, match } from "../rewrite/pattern.js";

const AC = new Set(["add", "hadamard"]);

function flat(op: string, e: Expr, out: Expr[] = []): Expr[] {
  if (e.k === "op" && e.op === op && e.attr === undefined) for (const x of e.args) flat(op, x, out);
  else out.push(e);
  return out;
}

const rebuild = (op: string, xs: readonly Expr[]): Expr =>
  xs.length === 1 ? xs[0] : xs.reduce((x, y) => A.op(op, [x, y]));

/** Every binding of `p` against `e` modulo AC (first one found first). */
export function* matchesAC(p: Expr, e: Expr, ctx: MatchCtx, b: Bindings = new Map()): Generator<Bindings> {
  if (p.k === "op" && AC.has(p.op) && p.args.length === 2 && p.attr === undefined) {
    const es = flat(p.op, e);
    if (es.length < 2) return;
    for (let i = 0; i < es.length; i++) {
      const one = es[i],
        rest = rebuild(
          p.op,
          es.filter((_, j) => j !== i),
        );
      for (const [p1, p2] of [
        [p.args[0], p.args[1]],
        [p.args[1], p.args[0]],
      ] as const) {
        for (const b1 of matchesAC(p1, one, ctx, b)) yield* matchesAC(p2, rest, ctx, b1);
      }
    }
    return;
  }
  if (
    p.k === "op" &&
    e.k === "op" &&
    p.op === e.op &&
    p.attr === e.attr &&
    p.args.length === e.args.length &&
    p.args.some((x) => x.k === "op")
  ) {
    yield* matchAll(p.args, e.args, 0, ctx, b);
    return;
  }
  const r = match(p, e, ctx, b);
  if (r) yield r;
}

function* matchAll(
  ps: readonly Expr[],
  es: readonly Expr[],
  i: number,
  ctx: MatchCtx,
  b: Bindings,
): Generator<Bindings> {
  if (i === ps.length) {
    yield b;
    return;
  }
  for (const b1 of matchesAC(ps[i], es[i], ctx, b)) yield* matchAll(ps, es, i + 1, ctx, b1);
}

/** The first AC match of p against e, or null. */
export function matchAC(p: Expr, e: Expr, ctx: MatchCtx, b: Bindings = new Map()): Bindings | null {
  for (const r of matchesAC(p, e, ctx, b)) return r;
  return null;
}
