// Shape inference over a document: declarations fix shapes with named dimensions, definitions are inferred
// in order and unified (Q = X W_q forces cols(X) = rows(W_q)). Claims and other math are then shaped with the
// dimensions frozen, so two different dimensions count as different sizes (a claim cannot bind n = d_v).
import * as A from "../ast/index.js";
import type { Expr, Space, Sym } from "../ast/index.js";
import { getOp } from "../ops/index.js";
import { ShapeCtx, ShapeError, SCALAR, type Shape } from "./shape.js";
import type { Dim } from "./dims.js";
import { abstractShape } from "./abstract.js";
import { constDim } from "./dims.js";

export class ShapeEnv {
  readonly ctx = new ShapeCtx();
  readonly shapes = new Map<string, Shape>();
  /** Symbols assumed scalar because they are differentiated but never defined (an abstract loss L). */
  readonly abstractScalars = new Set<string>();
  /** Names declared with a vector or matrix space, or defined: quantities, never sizes (parse/names.ts). */
  readonly symbols = new Set<string>();

  get dims() {
    return this.ctx.dims;
  }
  show(s: Shape): string {
    return this.ctx.show(s);
  }

  /** The shape a symbol gets on first use, from its kind. */
  symShape(s: Sym): Shape {
    const known = this.shapes.get(s.name);
    if (known) return known;
    const dimNamed = this.dims.hasName(s.name);
    let sh: Shape;
    if (dimNamed || s.hint === "scalar" || this.abstractScalars.has(s.name)) sh = SCALAR;
    else if (s.hint === "vector") sh = [this.ctx.fresh(), constDim(1)];
    else sh = [this.ctx.fresh(), this.ctx.fresh()];
    // sizes the document does not name print as rows(Q), cols(Q)
    if (sh.length === 2) {
      this.dims.label(sh[0], `rows(${s.name})`);
      this.dims.label(sh[1], `cols(${s.name})`);
    }
    this.shapes.set(s.name, sh);
    return sh;
  }

  declare(s: Sym, space: Space, dimOf: (e: Expr) => Dim): Shape {
    const dims = space.dims.map(dimOf);
    const sh: Shape = dims.length === 0 ? SCALAR : dims.length === 1 ? [dims[0], constDim(1)] : [dims[0], dims[1]];
    const old = this.shapes.get(s.name);
    if (old) this.ctx.same(old, sh, `declaration of ${s.latex}`);
    this.shapes.set(s.name, sh);
    return sh;
  }

  /** The shape of an expression (throws ShapeError naming both shapes on a mismatch). */
  shapeOf(e: Expr, bound: ReadonlySet<string> = new Set()): Shape {
    switch (e.k) {
      case "sym":
        return bound.has(e.name) ? SCALAR : this.symShape(e);
      case "num":
      case "text":
      case "dots":
      case "pvar":
        return SCALAR;
      case "const": {
        const r = this.ctx.fresh();
        return e.which === "ones" ? [r, constDim(1)] : e.which === "eye" ? [r, r] : [r, this.ctx.fresh()];
      }
      case "op": {
        // concat(H_1, \ldots, H_h): rows agree, the number of columns is unknown (h blocks)
        if (e.op === "concat" && e.args.some((a) => a.k === "dots")) {
          const [r] = getOp(e.op).shape(
            e.args.filter((a) => a.k !== "dots").map((a) => this.shapeOf(a, bound)),
            this.ctx,
            e.attr,
          ) as readonly [Dim, Dim];
          return [r, this.ctx.fresh()];
        }
        const args = e.args.map((a) => this.shapeOf(a, bound));
        return getOp(e.op).shape(args, this.ctx, e.attr);
      }
      case "deriv":
        return this.derivShape(e, bound);
      case "apply": {
        // E(\mathbf{w}) has the shape of E's definition; an undefined differentiated E(m, c) is a scalar loss
        const argShapes = e.args.map((a) => this.shapeOf(a, bound));
        // a matrix literal of scalar entries is R×C (a literal with blocks keeps a free shape)
        const lit = A.literalRows(e);
        if (lit && lit.every((r) => r.args.every((c) => this.ctx.scalarLike(this.shapeOf(c, bound)))))
          return [constDim(lit.length), constDim(lit[0].args.length)];
        const known = this.shapes.get(e.fn.name);
        if (known) return known;
        const abstract = abstractShape(this, e, argShapes);
        if (abstract) return abstract;
        return this.abstractScalars.has(e.fn.name) ? SCALAR : [this.ctx.fresh(), this.ctx.fresh()];
      }
      case "sumidx": {
        const inner = new Set(bound);
        if (e.index) inner.add(e.index);
        return this.shapeOf(e.body, inner);
      }
      case "slice": {
        // y_{i,j} of a plain letter used nowhere before: an entry of the matrix y (Y), not a scalar
        if (e.x.k === "sym" && e.x.hint === "scalar" && e.row && e.col && !this.shapes.has(e.x.name)) {
          const sh: Shape = [this.ctx.fresh(), this.ctx.fresh()];
          this.dims.label(sh[0], `rows(${e.x.name})`);
          this.dims.label(sh[1], `cols(${e.x.name})`);
          this.shapes.set(e.x.name, sh);
        }
        const x = this.shapeOf(e.x, bound);
        if (x.length === 0) return x;
        if (e.row === null && e.col !== null) return [x[0], constDim(1)];
        if (e.row !== null && e.col === null) return this.ctx.isVector(x) ? SCALAR : [constDim(1), x[1]];
        if (e.row !== null && e.col !== null) return SCALAR;
        return x;
      }
      case "diff":
        return this.shapeOf(e.x, bound);
      case "pair": {
        // ⟨G, E⟩ = tr(Gᵀ E): both sides have one shape (a scalar pairs with a 1×1)
        const g = this.shapeOf(e.g, bound),
          x = this.shapeOf(e.e, bound);
        const one = (s: Shape) => {
          if (s.length === 2) {
            this.ctx.unifyDim(s[0], constDim(1), () => `inner product: ${this.show(s)} is not a scalar`);
            this.ctx.unifyDim(s[1], constDim(1), () => `inner product: ${this.show(s)} is not a scalar`);
          }
        };
        if (g.length === 0) one(x);
        else if (x.length === 0) one(g);
        else this.ctx.same(g, x, "inner product");
        return SCALAR;
      }
    }
  }

  /** ∂f/∂X for scalar f has the shape of X; ∂y/∂x (vectors) is m×n; ∂²f/∂x∂xᵀ is n×n. */
  private derivShape(e: A.Deriv, bound: ReadonlySet<string>): Shape {
    const of = this.shapeOf(e.of, bound);
    const w = this.shapeOf(e.wrt[0], bound);
    if (e.order >= 2) {
      if (w.length === 0) return SCALAR;
      return [w[0], w[0]];
    }
    if (this.ctx.scalarLike(of)) return w;
    if (this.ctx.isVector(of) && w.length === 0) return of;
    if (of.length === 2 && w.length === 2 && this.ctx.isVector(of) && this.ctx.isVector(w)) return [of[0], w[0]];
    const what = (x: Shape) => (x.length ? `${this.show(x)} matrix` : "scalar");
    throw new ShapeError(
      `the derivative of a ${what(of)} by a ${what(w)} is a Jacobian of vec's; write \\frac{\\partial \\operatorname{vec} Y}{\\partial \\operatorname{vec} X}`,
    );
  }
}
