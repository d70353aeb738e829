// Shape questions the rules ask during a derivation, answered from the document's shape environment.
import type { Expr } from "../ast/index.js";
import type { ShapeEnv } from "../shape/infer.js";
import type { MatchCtx } from "../rewrite/pattern.js";

export function matchCtx(env: ShapeEnv): MatchCtx {
  const scalar = new Map<Expr, boolean>(),
    vector = new Map<Expr, boolean>(),
    row = new Map<Expr, boolean>();
  const ask = (memo: Map<Expr, boolean>, e: Expr, f: () => boolean) => {
    let v = memo.get(e);
    if (v === undefined) {
      try {
        v = f();
      } catch {
        v = false;
      }
      memo.set(e, v);
    }
    return v;
  };
  return {
    isScalar: (e) => ask(scalar, e, () => env.ctx.scalarLike(env.shapeOf(e))),
    isRow: (e) =>
      ask(row, e, () => {
        const s = env.shapeOf(e);
        return s.length === 2 && env.dims.isConst(s[0]) === 1 && !env.ctx.scalarLike(s);
      }),
    isVector: (e) =>
      ask(vector, e, () => {
        const s = env.shapeOf(e);
        return env.ctx.isVector(s) && !env.ctx.scalarLike(s);
      }),
  };
}
