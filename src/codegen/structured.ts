// Products with a diagonal matrix, lowered without forming it (diag(v) for v ∈ ℝⁿ is n×n; a Hessian such as the
// logistic loss's Xᵀ diag(σ ⊙ (1 − σ)) X would otherwise cost O(n²d) time and O(n²) memory):
//   Mᵀ diag(v) M  = quadform(M, v)   symmetric, half the products (src/ops/quadform.ts), either grouping;
//   diag(v) M     = v ⊙ M            the column v broadcast across M's columns;
//   M diag(v)     = M ⊙ vᵀ           the row vᵀ broadcast down M's rows.
import type { Expr, Op } from "../ast/index.js";
import type { Arg } from "./ir.js";
import type { Lowerer, Want } from "./lower.js";
import { isOneByOne, sizeConst, sizeEq, type Ann, type IRShape, type Size } from "./shapes.js";

const isOp = (x: Expr, name: string): x is Op => x.k === "op" && x.op === name;
const same = (a: Expr, b: Expr) => a === b || a.key === b.key;
/** n×1 or 1×n (not 1×1: diag of a 1×1 matrix is itself). */
const isVectorShape = (s: IRShape): boolean =>
  s.length === 2 && !isOneByOne(s) && (sizeConst(s[0]) === 1 || sizeConst(s[1]) === 1);
const isColumn = (s: IRShape): s is readonly [Size, Size] =>
  isVectorShape(s) && sizeConst((s as readonly [Size, Size])[1]) === 1;

/** `e` = A B (conforming, of shape `shape`) when A or B is diag(v) of a vector: the value without diag(v), else undefined. */
export function structuredProduct(lw: Lowerer, e: Op, ann: Ann, shape: IRShape, want?: Want): Arg | undefined {
  if (shape.length !== 2) return undefined;
  return quadForm(lw, e, ann, shape, want) ?? diagProduct(lw, e, ann, shape, want);
}

/** (Mᵀ diag(v)) M or Mᵀ (diag(v) M), v a column. */
function quadForm(lw: Lowerer, e: Op, ann: Ann, shape: readonly [Size, Size], want?: Want): Arg | undefined {
  const [l, r] = e.args;
  let m: [Expr, Ann] | undefined, v: [Expr, Ann] | undefined;
  if (isOp(l, "mul") && isOp(l.args[0], "transpose") && isOp(l.args[1], "diag") && same(l.args[0].args[0], r)) {
    m = [r, ann.kids[1]];
    v = [l.args[1].args[0], ann.kids[0].kids[1].kids[0]];
  } else if (isOp(l, "transpose") && isOp(r, "mul") && isOp(r.args[0], "diag") && same(r.args[1], l.args[0])) {
    m = [l.args[0], ann.kids[0].kids[0]];
    v = [r.args[0].args[0], ann.kids[1].kids[0].kids[0]];
  }
  if (!m || !v) return undefined;
  const ms = lw.sizes.shape(m[1].shape),
    vs = lw.sizes.shape(v[1].shape);
  if (!isColumn(vs) || ms.length !== 2 || !sizeEq(ms[0], vs[0]) || !sizeEq(ms[1], shape[0]) || !sizeEq(ms[1], shape[1]))
    return undefined;
  return lw.emit("quadform", [lw.lower(m[0], m[1]), lw.lower(v[0], v[1])], shape, { want });
}

function diagProduct(lw: Lowerer, e: Op, ann: Ann, shape: readonly [Size, Size], want?: Want): Arg | undefined {
  const side = e.args.findIndex((a, i) => isOp(a, "diag") && isVectorShape(lw.sizes.shape(ann.kids[i].kids[0].shape)));
  if (side < 0) return undefined;
  const other = lw.sizes.shape(ann.kids[1 - side].shape);
  if (other.length !== 2 || !sizeEq(other[0], shape[0]) || !sizeEq(other[1], shape[1])) return undefined;
  const v = lw.lower((e.args[side] as Op).args[0], ann.kids[side].kids[0]);
  const vs = lw.shapeOf(v) as readonly [Size, Size];
  // the column for diag(v) M, the row for M diag(v)
  const u =
    (side === 0) === (sizeConst(vs[1]) === 1)
      ? v
      : lw.memoized(`transpose@${"ref" in v ? v.ref : v.num}`, () => lw.emit("transpose", [v], [vs[1], vs[0]]));
  const m = lw.lower(e.args[1 - side], ann.kids[1 - side]);
  return lw.elementwise("hadamard", side === 0 ? [u, m] : [m, u], shape, want);
}
