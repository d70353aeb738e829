// Shapes for code generation. Every occurrence of a subexpression gets its symbolic shape from the operation
// shape rules (as the reference evaluator does with concrete sizes), so that `\mathbf{1}`, `\mathbf{I}` and
// `\mathbf{0}` learn their size from context: in rowsum(G) 1ᵀ the 1 has as many rows as G has columns.
// Dimensions are then printed over *size variables*: the dimensions that can be read off the input shapes.
import type { Expr } from "../ast/index.js";
import { getOp } from "../ops/registry.js";
import type { ShapeEnv } from "../shape/infer.js";
import { SCALAR, type Shape } from "../shape/shape.js";
import { constDim, type Dim } from "../shape/dims.js";

/** A shape for each node of an expression, in the order of its children. */
export interface Ann {
  readonly shape: Shape;
  readonly kids: readonly Ann[];
}

export class UnsupportedError extends Error {}

/** Shapes of every occurrence in `e`, unifying the context's fresh dimensions as the rules do. */
export function annotate(e: Expr, env: ShapeEnv): Ann {
  const ctx = env.ctx;
  switch (e.k) {
    case "sym":
    case "deriv":
      return { shape: env.shapeOf(e), kids: [] };
    case "num":
      return { shape: SCALAR, kids: [] };
    case "const": {
      const r = ctx.fresh();
      return { shape: e.which === "ones" ? [r, constDim(1)] : e.which === "eye" ? [r, r] : [r, ctx.fresh()], kids: [] };
    }
    case "op": {
      const kids = e.args.map((a) => annotate(a, env));
      return {
        shape: getOp(e.op).shape(
          kids.map((k) => k.shape),
          ctx,
          e.attr,
        ),
        kids,
      };
    }
    case "pair": {
      const kids = [annotate(e.g, env), annotate(e.e, env)];
      const [g, x] = kids.map((k) => k.shape);
      if (g.length === 2 && x.length === 2) ctx.same(g, x, "inner product");
      return { shape: SCALAR, kids };
    }
    default:
      throw new UnsupportedError(
        `cannot generate code for a ${e.k === "sumidx" ? "sum over an index" : e.k === "slice" ? "slice" : e.k} in a formula`,
      );
  }
}

/** Make a gradient's shape agree with its variable's (binding any dimension still free in it). */
export function unifyWith(ann: Ann, target: Shape, env: ShapeEnv): void {
  if (ann.shape.length === 2 && target.length === 2) env.ctx.same(ann.shape, target, "gradient");
}

/** A dimension as c + Σ coef·variable, over size-variable identifiers. */
export interface Size {
  readonly c: number;
  readonly terms: readonly (readonly [string, number])[];
}
/** [] for a scalar, [rows, cols] otherwise (vectors are n×1). */
export type IRShape = readonly [] | readonly [Size, Size];

export const sizeConst = (s: Size): number | undefined => (s.terms.length === 0 ? s.c : undefined);
export const sizeEq = (a: Size, b: Size): boolean => showSize(a) === showSize(b);
export const isOneByOne = (s: IRShape): boolean => s.length === 2 && sizeConst(s[0]) === 1 && sizeConst(s[1]) === 1;
export const shapeKey = (s: IRShape): string => (s.length === 0 ? "()" : `(${showSize(s[0])},${showSize(s[1])})`);

/** `n`, `2*k`, `k + 1`, `3` (valid in JS, Python and C; wrap in parentheses when used in a product). */
export function showSize(s: Size): string {
  const parts = s.terms.map(([v, k]) => (k === 1 ? v : k === -1 ? `-${v}` : `${k}*${v}`));
  if (s.c !== 0 || parts.length === 0) parts.push(String(s.c));
  return parts.join(" + ").replace(/\+ -/g, "- ");
}
export const atomSize = (s: Size): string =>
  s.terms.length === 0 || (s.terms.length === 1 && s.c === 0 && s.terms[0][1] === 1) ? showSize(s) : `(${showSize(s)})`;
/** Number of entries r·c as an expression. */
export const numel = (s: IRShape): string => (s.length === 0 ? "1" : `${atomSize(s[0])} * ${atomSize(s[1])}`);

/** Converts the document's dimensions to Sizes, naming each dimension variable once. */
export class SizeNames {
  private readonly idents = new Map<number, string>();
  constructor(
    private readonly env: ShapeEnv,
    private readonly name: (raw: string) => string,
  ) {}
  ident(v: number): string {
    let s = this.idents.get(v);
    if (s === undefined) {
      s = this.name(this.env.dims.nameOf(v));
      this.idents.set(v, s);
    }
    return s;
  }
  /** The dimension variable an identifier names. */
  varOf(ident: string): number | undefined {
    for (const [v, s] of this.idents) if (s === ident) return v;
    return undefined;
  }
  size(d: Dim): Size {
    const r = this.env.dims.resolve(d);
    return { c: r.c, terms: [...r.terms].sort((x, y) => x[0] - y[0]).map(([v, k]) => [this.ident(v), k] as const) };
  }
  shape(s: Shape): IRShape {
    return s.length === 0 ? [] : [this.size(s[0]), this.size(s[1])];
  }
  /** The name people see for a size variable's identifier (`n`, `rows(Q)`), for messages. */
  shown(ident: string): string {
    for (const [v, s] of this.idents) if (s === ident) return this.env.dims.displayName(v);
    return ident;
  }
  /** The dimension as the contract prints it (`n`, `d_k`, `2*k`). */
  show(d: Dim): string {
    return this.env.dims.show(d, "code");
  }
}
