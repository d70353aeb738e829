// Shapes: [] for a scalar, [rows, cols] otherwise (a vector is a column, n×1).
import { type Dim, constDim, Dims } from "./dims.js";

export type Shape = readonly [] | readonly [Dim, Dim];
export const SCALAR: Shape = [];
export const isScalarShape = (s: Shape): s is readonly [] => s.length === 0;

export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

/** What an op's shape rule gets: the document's dimensions, and a place to leave notes. */
export class ShapeCtx {
  readonly notes: string[] = [];
  constructor(readonly dims: Dims = new Dims()) {}
  fresh(name?: string): Dim {
    return this.dims.fresh(name);
  }
  one(): Dim {
    return constDim(1);
  }
  show(s: Shape): string {
    return s.length === 0 ? "scalar" : `${this.dims.show(s[0])}×${this.dims.show(s[1])}`;
  }
  /** 1×1 counts as scalar. */
  scalarLike(s: Shape): boolean {
    return s.length === 0 || (this.dims.isConst(s[0]) === 1 && this.dims.isConst(s[1]) === 1);
  }
  isVector(s: Shape): boolean {
    return s.length === 2 && this.dims.isConst(s[1]) === 1;
  }
  eqDim(a: Dim, b: Dim): boolean {
    const d = this.dims;
    return d.show(a) === d.show(b);
  }
  /** Unify two shapes or throw a ShapeError that names both. */
  same(a: Shape, b: Shape, what: string): Shape {
    if (this.scalarLike(a) && this.scalarLike(b)) return a.length ? a : b;
    if (a.length !== b.length) throw new ShapeError(`${what}: shapes ${this.show(a)} and ${this.show(b)} differ`);
    if (a.length === 2 && b.length === 2) {
      const sa = this.show(a),
        sb = this.show(b);
      if (!this.dims.unify(a[0], b[0]) || !this.dims.unify(a[1], b[1]))
        throw new ShapeError(`${what}: shapes ${sa} and ${sb} differ`);
    }
    return a;
  }
  unifyDim(a: Dim, b: Dim, what: () => string): void {
    if (!this.dims.unify(a, b)) throw new ShapeError(what());
  }
  square(a: Shape, what: string): Shape {
    if (a.length === 0) return a;
    const s = this.show(a);
    if (!this.dims.unify(a[0], a[1])) throw new ShapeError(`${what} needs a square matrix, got ${s}`);
    return a;
  }
}
