// Shared shape and printing helpers for the operation files.
import { type OpDef, type Printed, Prec, paren, atom } from "./registry.js";
import type { Shape, ShapeCtx } from "../shape/shape.js";
import { map, type Value } from "../numeric/index.js";

export const sameShape = (args: readonly Shape[]): Shape => args[0];

/** Elementwise binary shape: equal shapes, a scalar against anything, or a lecture-style column/row broadcast. */
export function broadcastShape(a: Shape, b: Shape, ctx: ShapeCtx, what: string): Shape {
  if (ctx.scalarLike(a)) return b;
  if (ctx.scalarLike(b)) return a;
  if (a.length === 2 && b.length === 2) {
    const d = ctx.dims;
    const col = (x: Shape, y: Shape) => x.length === 2 && y.length === 2 && d.isConst(x[1]) === 1 && d.isConst(y[1]) !== 1;
    if (col(a, b) || col(b, a)) {
      const [v, m] = col(a, b) ? [a, b] : [b, a];
      if (m.length === 2 && v.length === 2 && d.unify(v[0], m[0])) {
        ctx.notes.push(`${what}: the ${ctx.show(v)} column is broadcast across the columns of the ${ctx.show(m)} matrix (lecture convention)`);
        return m;
      }
    }
  }
  return ctx.same(a, b, what);
}

export const fn = (name: string) => (args: readonly Printed[]): Printed =>
  atom(`${name}\\left(${args.map((a) => a.s).join(", ")}\\right)`);

/** A scalar function applied entry by entry: exp, log, tanh, σ, … */
export function elementwiseOp(o: {
  name: string; spellings: string[]; f: (x: number) => number; tex: string;
  numpy: string; torch: string; js: string; print?: (arg: string) => string;
}): OpDef {
  return {
    name: o.name, arity: 1, spellings: o.spellings, elementwise: o.f,
    shape: sameShape,
    eval: (a: readonly Value[]) => map(a[0], o.f),
    latex: o.print ? (a: readonly Printed[]) => atom(o.print!(a[0].s)) : fn(o.tex),
    code: { numpy: (a) => `${o.numpy}(${a[0]})`, torch: (a) => `${o.torch}(${a[0]})`, js: (a) => `R.map(${a[0]}, ${o.js})` },
  };
}

export { Prec, paren, atom };
