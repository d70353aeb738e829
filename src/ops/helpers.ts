// Shared shape and printing helpers for the operation files.
import { type CArg, type OpDef, type Printed, Prec, paren, atom } from "./registry.js";
import { ShapeError, type Shape, type ShapeCtx } from "../shape/shape.js";
import { map, type Value } from "../numeric/index.js";

export const sameShape = (args: readonly Shape[]): Shape => args[0];

/** Elementwise binary shape: equal shapes, a scalar against anything, or a lecture-style column/row broadcast. */
export function broadcastShape(a: Shape, b: Shape, ctx: ShapeCtx, what: string): Shape {
  if (ctx.scalarLike(a)) return b;
  if (ctx.scalarLike(b)) return a;
  if (a.length === 2 && b.length === 2) {
    const d = ctx.dims;
    const col = (x: Shape, y: Shape) =>
      x.length === 2 && y.length === 2 && d.isConst(x[1]) === 1 && d.isConst(y[1]) !== 1;
    if (col(a, b) || col(b, a)) {
      const [v, m] = col(a, b) ? [a, b] : [b, a];
      if (m.length === 2 && v.length === 2 && d.unify(v[0], m[0])) {
        ctx.notes.push(
          `${what}: the ${ctx.show(v)} column is broadcast across the columns of the ${ctx.show(m)} matrix (lecture convention)`,
        );
        return m;
      }
    }
  }
  return ctx.same(a, b, what);
}

export const fn =
  (name: string) =>
  (args: readonly Printed[]): Printed =>
    atom(`${name}\\left(${args.map((a) => a.s).join(", ")}\\right)`);

/** A scalar function applied entry by entry: exp, log, tanh, σ, … */
export function elementwiseOp(o: {
  name: string;
  spellings: string[];
  f: (x: number) => number;
  tex: string;
  numpy: string;
  torch: string;
  js: string;
  c: string;
  print?: (arg: string) => string;
}): OpDef {
  return {
    name: o.name,
    arity: 1,
    spellings: o.spellings,
    elementwise: o.f,
    shape: sameShape,
    eval: (a: readonly Value[]) => map(a[0], o.f),
    latex: o.print ? (a: readonly Printed[]) => atom(o.print!(a[0].s)) : fn(o.tex),
    code: {
      numpy: (a) => `${o.numpy}(${a[0]})`,
      torch: (a) => `${o.torch}(${a[0]})`,
      js: (a) => `R.map(${a[0]}, ${o.js})`,
      c: cMap(o.c),
    },
  };
}

// C templates (helpers in src/codegen/runtime/c.ts). Entrywise binary operations broadcast scalars, 1×1
// matrices and n×1 columns; a variadic sum accumulates into the result.
export const cBinary =
  (ch: "+" | "-" | "*" | "/") =>
  (o: CArg, a: readonly CArg[]): string =>
    o.scalar
      ? `${o.v} = ${a.map((x) => x.v).join(` ${ch} `)};`
      : a
          .slice(1)
          .map((b, i) => {
            const x = i === 0 ? a[0] : o;
            return `tg_bin(${o.v}, ${x.p}, ${x.r}, ${x.c}, ${b.p}, ${b.r}, ${b.c}, ${o.r}, ${o.c}, '${ch}');`;
          })
          .join("\n");
/** f applied entry by entry (f: double → double). */
export const cMap =
  (f: string) =>
  (o: CArg, [a]: readonly CArg[]): string =>
    o.scalar ? `${o.v} = ${f}(${a.v});` : `tg_map(${o.v}, ${a.p}, ${o.n}, ${f});`;
/** A double computed from a buffer: `out = f(a, size)`. */
export const cScalar =
  (f: string, size: (a: CArg) => string) =>
  (o: CArg, [a]: readonly CArg[]): string =>
    `${o.v} = ${f}(${a.p}, ${size(a)});`;
/** Row-wise operations: a column vector is one row of its entries. */
export const cRows =
  (f: string, extra = (_a: readonly CArg[]) => "") =>
  (o: CArg, a: readonly CArg[]): string =>
    a[0].c === "1"
      ? `${f}(${o.v}, ${a[0].p}, 1, ${a[0].r}${extra(a)});`
      : `${f}(${o.v}, ${a[0].p}, ${a[0].r}, ${a[0].c}${extra(a)});`;

export { Prec, paren, atom };

/** The shape rule of a reduction over the entries of a vector (`\max`, `‖·‖₁`, `‖·‖_∞`): a scalar, a column or a
 * row; a matrix is refused by name (its max, 1-norm and ∞-norm have other, conflicting conventions). */
export const vectorReduction =
  (what: string, out: (a: Shape, ctx: ShapeCtx) => Shape) =>
  ([a]: readonly Shape[], ctx: ShapeCtx): Shape => {
    if (a.length === 0 || ctx.isVector(a) || ctx.dims.isConst(a[0]) === 1) return out(a, ctx);
    const s = ctx.show(a);
    if (!ctx.dims.unify(a[1], ctx.one()))
      throw new ShapeError(`${what} of a matrix is not supported (got ${s}; only a vector)`);
    return out(a, ctx);
  };
/** The entries of a value, in row-major order (a scalar is one entry). */
export const entries = (a: Value): readonly number[] => (typeof a === "number" ? [a] : Array.from(a.data));
/** The position of the largest entry, the first one on ties. */
export function argmax(xs: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[k]) k = i;
  return k;
}
