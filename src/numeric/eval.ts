// Dense reference evaluation of expressions. Shapes are inferred first with concrete sizes, so that
// `\mathbf{1}`, `\mathbf{I}` and `\mathbf{0}` get their size from context (X W + \mathbf{1}\mathbf{b}^\top).
// A differential d(E) evaluates to the directional derivative of E along the given directions
// (exact for symbols, central differences otherwise); ⟨G, E⟩ = tr(Gᵀ E).
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { getOp } from "../ops/registry.js";
import { instanced, evalInstance } from "./abstract.js";
import { Dims, constDim } from "../shape/dims.js";
import { ShapeCtx, SCALAR, type Shape } from "../shape/shape.js";
import {
  add,
  eye,
  isMat,
  map,
  mul,
  ones,
  scale,
  sum,
  zeros,
  entry,
  sliceCol,
  sliceRow,
  transpose,
  type Mat,
  type Value,
} from "./index.js";

export interface EvalEnv {
  readonly values: ReadonlyMap<string, Value>;
  /** Values of derivative nodes (∂L/∂S in a claim means the true gradient). */
  readonly derivs?: ReadonlyMap<Expr, Value>;
  /** Directions of the differentials d(X) of symbols. */
  readonly directions?: ReadonlyMap<string, Value>;
}

export class EvalError extends Error {}

interface Ann {
  readonly shape: Shape;
  readonly kids: readonly Ann[];
}

const shapeOfValue = (v: Value): Shape => (typeof v === "number" ? SCALAR : [constDim(v.rows), constDim(v.cols)]);

function annotate(e: Expr, env: EvalEnv, ctx: ShapeCtx, bound: ReadonlySet<string>): Ann {
  const ann = (x: Expr, b = bound) => annotate(x, env, ctx, b);
  switch (e.k) {
    case "sym": {
      if (bound.has(e.name)) return { shape: SCALAR, kids: [] };
      // a family member x_i under a sum over i has the shape of one row of its family
      const idx = new Map([...bound].map((b) => [b, 1]));
      const v = lookup(e, env, idx);
      return { shape: v === undefined ? SCALAR : shapeOfValue(v), kids: [] };
    }
    case "num":
    case "text":
    case "dots":
    case "pvar":
      return { shape: SCALAR, kids: [] };
    case "const": {
      const r = ctx.fresh();
      return { shape: e.which === "ones" ? [r, constDim(1)] : e.which === "eye" ? [r, r] : [r, ctx.fresh()], kids: [] };
    }
    case "op": {
      const kids = e.args.map((a) => ann(a));
      return {
        shape: getOp(e.op).shape(
          kids.map((k) => k.shape),
          ctx,
          e.attr,
        ),
        kids,
      };
    }
    case "deriv": {
      const v = env.derivs?.get(e);
      if (v === undefined) throw new EvalError(`no value for the derivative ${e.key}`);
      return { shape: shapeOfValue(v), kids: [] };
    }
    case "diff": {
      const k = ann(e.x);
      return { shape: k.shape, kids: [k] };
    }
    case "pair": {
      const g = ann(e.g),
        x = ann(e.e);
      if (!(ctx.scalarLike(g.shape) && ctx.scalarLike(x.shape))) ctx.same(g.shape, x.shape, "inner product");
      return { shape: SCALAR, kids: [g, x] };
    }
    case "sumidx": {
      const inner = new Set(bound);
      inner.add(e.index);
      const kids = [...(e.lo ? [ann(e.lo)] : []), ...(e.hi ? [ann(e.hi)] : []), ann(e.body, inner)];
      return { shape: kids[kids.length - 1].shape, kids };
    }
    case "slice": {
      const x = ann(e.x);
      const kids = [x, ...(e.row ? [ann(e.row)] : []), ...(e.col ? [ann(e.col)] : [])];
      const s = x.shape;
      const shape: Shape =
        s.length === 0
          ? s
          : e.row === null && e.col !== null
            ? [s[0], constDim(1)]
            : e.row !== null && e.col === null
              ? ctx.isVector(s)
                ? SCALAR
                : [constDim(1), s[1]]
              : e.row !== null
                ? SCALAR
                : s;
      return { shape, kids };
    }
    case "apply": {
      const kids = e.args.map((a) => ann(a));
      // a matrix literal of scalar entries, \begin{bmatrix} a & b \\ c & d \end{bmatrix}: R×C
      const lit = A.literalRows(e);
      if (lit) {
        const cells = kids.flatMap((k) => k.kids);
        if (!cells.every((c) => ctx.scalarLike(c.shape)))
          throw new EvalError("a matrix literal with blocks (entries that are not scalars) is not supported");
        return { shape: [constDim(lit.length), constDim(lit[0].args.length)], kids };
      }
      // an abstract function instantiated in this draw: φ(Z) has Z's shape, ∂l/∂A_j(…) the shape of A_j
      const inst = instanced(e, env.values);
      const column = inst && inst.partial === null && kids.length > 1 && e.fn.hint === "vector";
      const shape = inst
        ? inst.partial !== null
          ? kids[inst.partial - 1]?.shape
          : kids.length === 1
            ? kids[0].shape
            : column
              ? ([ctx.fresh(), constDim(1)] as Shape)
              : SCALAR
        : SCALAR;
      return { shape: shape ?? SCALAR, kids };
    }
  }
}

/** A symbol's value: from the environment, a bound index, `x_i` as row i of x (or of X), or π. */
function lookup(e: A.Sym, env: EvalEnv, idx: ReadonlyMap<string, number>): Value | undefined {
  const v = env.values.get(e.name);
  if (v !== undefined) return v;
  if (idx.has(e.name)) return idx.get(e.name);
  const m = /^(.+)_([A-Za-z])$/.exec(e.name);
  if (m && idx.has(m[2])) {
    const i = idx.get(m[2])! - 1;
    const base = env.values.get(m[1]) ?? env.values.get(m[1].toUpperCase());
    if (base !== undefined && isMat(base)) return base.cols === 1 ? entry(base, i, 0) : transpose(sliceRow(base, i));
  }
  // a_2 outside a sum: entry 2 of the vector a (a_1 w_1 + a_2 w_2 = aᵀw)
  const n = /^(.+)_(\d+)$/.exec(e.name);
  const vec = n ? env.values.get(n[1]) : undefined;
  if (n && vec !== undefined && isMat(vec) && vec.cols === 1 && Number(n[2]) >= 1 && Number(n[2]) <= vec.rows)
    return entry(vec, Number(n[2]) - 1, 0);
  if (e.name === "pi") return Math.PI;
  return undefined;
}

/** Evaluate `e`; `like` (a value of the expected shape) sizes a result such as a bare \mathbf{I}. */
export function evaluate(e: Expr, env: EvalEnv, like?: Value): Value {
  const ctx = new ShapeCtx(new Dims());
  const ann = annotate(e, env, ctx, new Set());
  if (like !== undefined && typeof like !== "number" && ann.shape.length === 2) {
    ctx.dims.unify(ann.shape[0], constDim(like.rows));
    ctx.dims.unify(ann.shape[1], constDim(like.cols));
  }
  return run(e, ann, env, ctx, new Map());
}

function sizeOf(ctx: ShapeCtx, s: Shape): [number, number] {
  if (s.length === 0) return [1, 1];
  const r = ctx.dims.isConst(s[0]),
    c = ctx.dims.isConst(s[1]);
  if (r === undefined || c === undefined)
    throw new EvalError("cannot infer the size of a constant (1, I or 0) from its context");
  return [r, c];
}

function run(e: Expr, ann: Ann, env: EvalEnv, ctx: ShapeCtx, idx: ReadonlyMap<string, number>): Value {
  const sub = (i: number, x: Expr, ix = idx) => run(x, ann.kids[i], env, ctx, ix);
  switch (e.k) {
    case "sym": {
      const v = lookup(e, env, idx);
      if (v === undefined) throw new EvalError(`no value for ${e.latex}`);
      return v;
    }
    case "num":
      return e.value;
    case "const": {
      const [r, c] = sizeOf(ctx, ann.shape);
      return e.which === "ones" ? ones(r, c) : e.which === "eye" ? eye(r) : zeros(r, c);
    }
    case "op": {
      const def = getOp(e.op);
      return def.eval(
        e.args.map((a, i) => sub(i, a)),
        e.attr,
        def.sized ? sizeOf(ctx, ann.shape) : undefined,
      );
    }
    case "deriv":
      return env.derivs!.get(e)!;
    case "pair": {
      const g = sub(0, e.g),
        x = sub(1, e.e);
      const p = mul(g, x);
      return typeof p === "number" ? p : sum(p);
    }
    case "diff":
      return differential(e.x, env, idx);
    case "sumidx": {
      let i = 0;
      const lo = e.lo ? Number(sub(i++, e.lo)) : 1;
      const hi = e.hi ? Number(sub(i++, e.hi)) : indexRange(e, env);
      let acc: Value = 0;
      for (let k = lo; k <= hi; k++) acc = add(acc, sub(i, e.body, new Map([...idx, [e.index, k]])));
      return acc;
    }
    case "slice": {
      const x = sub(0, e.x) as Mat;
      let i = 1;
      const r = e.row ? Number(sub(i++, e.row)) - 1 : null,
        c = e.col ? Number(sub(i++, e.col)) - 1 : null;
      if (r !== null && c !== null) return entry(x, r, c);
      if (c !== null) return sliceCol(x, c);
      if (r !== null) return x.cols === 1 ? entry(x, r, 0) : sliceRow(x, r);
      return x;
    }
    case "apply": {
      const lit = A.literalRows(e);
      if (lit) {
        const rows = lit.map((r, i) => r.args.map((c, j) => run(c, ann.kids[i].kids[j], env, ctx, idx)));
        const data = Float64Array.from(rows.flat().map((v) => (typeof v === "number" ? v : v.data[0])));
        return { rows: rows.length, cols: rows[0].length, data };
      }
      // a power with an expression as exponent (x^{p}, A^{\circ p}) is entrywise
      if ((e.fn.name === "pow" || e.fn.name === "epow") && e.args.length === 2)
        return map(sub(0, e.args[0]), (x) => x ** Number(sub(1, e.args[1])));
      if (instanced(e, env.values)) {
        const rows = e.args.length > 1 && e.fn.hint === "vector" ? sizeOf(ctx, ann.shape)[0] : undefined;
        try {
          return evalInstance(
            e,
            e.args.map((a, i) => sub(i, a)),
            env.values,
            rows,
          );
        } catch (err) {
          if (err instanceof EvalError) throw err;
          throw new EvalError(err instanceof Error ? err.message : String(err));
        }
      }
      throw new EvalError(`cannot evaluate ${e.fn.latex}(…)`);
    }
    case "text":
    case "dots":
    case "pvar":
      throw new EvalError(`cannot evaluate ${e.k}`);
  }
}

/** The range of a summation index without limits: the size of the dimension it slices. */
function indexRange(e: A.SumIdx, env: EvalEnv): number {
  let n: number | undefined;
  A.some(e.body, (x) => {
    if (x.k === "slice" && x.x.k !== "num") {
      const hit = (y: Expr | null) => y?.k === "sym" && y.name === e.index;
      const base = x.x.k === "sym" ? env.values.get(x.x.name) : x.x.k === "deriv" ? env.derivs?.get(x.x) : undefined;
      if (base && isMat(base)) {
        if (hit(x.col)) n = base.cols;
        else if (hit(x.row)) n = base.rows;
      }
    }
    if (x.k === "sym" && x.name.endsWith(`_${e.index}`)) {
      const base = env.values.get(x.name.slice(0, -2)) ?? env.values.get(x.name.slice(0, -2).toUpperCase());
      if (base && isMat(base)) n = base.rows;
    }
    return n !== undefined;
  });
  if (n === undefined) throw new EvalError(`the range of the index ${e.index} is not known`);
  return n;
}

/** d(E) along the directions: exact for a symbol, central differences for anything else. */
function differential(x: Expr, env: EvalEnv, idx: ReadonlyMap<string, number>): Value {
  const dirs = env.directions ?? new Map<string, Value>();
  if (x.k === "sym") {
    const d = dirs.get(x.name);
    if (d !== undefined) return d;
    const v = lookup(x, env, idx);
    return typeof v === "number" || v === undefined ? 0 : zeros(v.rows, v.cols);
  }
  const at = (t: number): Value => {
    const values = new Map(env.values);
    for (const [k, d] of dirs) {
      const v = values.get(k);
      if (v !== undefined) values.set(k, add(v, scale(t, d as Mat) as Value) as Value);
    }
    return evaluate(x, { values, ...(env.derivs ? { derivs: env.derivs } : {}) });
  };
  // fourth-order central difference: error O(h⁴) with h = 1e-3, rounding ~1e-13
  const h = 1e-3;
  const comb = (a: Value, b: Value, c: Value, d: Value) =>
    add(add(scale(-1, a as Mat) as Value, scale(8, b as Mat) as Value), add(scale(-8, c as Mat) as Value, d));
  return map(comb(at(2 * h), at(h), at(-h), at(-2 * h)), (v) => v / (12 * h));
}
