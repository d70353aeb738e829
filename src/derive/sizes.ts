// Sizes inside Jacobians. A bare \mathbf{1} or \mathbf{I} takes its size from context, and a Kronecker product
// hides that context (the size of I in A ⊗ I is not determined by the size of A ⊗ I), so inside Jacobians
// every identity and ones column is carried by a matrix of the document with that dimension:
// eyeof(Z) = I_{rows Z}, onesof(Z) = 1_{rows Z}, commutation(Z) = K_{(rows Z, cols Z)}. Only Z's shape matters,
// so d(X) may stand for X, and the carrier is canonical: the first symbol (inputs first) with that dimension.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { ShapeEnv } from "../shape/infer.js";
import type { Dim } from "../shape/dims.js";
import type { Shape } from "../shape/shape.js";
import { displayHelpers } from "../render/display.js";

const SIZED = new Set(["eyeof", "onesof", "commutation"]);
const ADJOINTS = new Set(["kronleft", "kronright"]);
let placeholders = 0;

export class Sizes {
  constructor(
    readonly env: ShapeEnv,
    private readonly syms: readonly Sym[],
  ) {}

  shapeOf(e: Expr): Shape | null {
    try {
      return this.env.shapeOf(e);
    } catch {
      return null;
    }
  }
  private isConst(d: Dim): number | undefined {
    return this.env.dims.isConst(d);
  }
  private same(a: Dim, b: Dim): boolean {
    return this.env.ctx.eqDim(a, b);
  }
  dimName(d: Dim): string {
    return this.env.dims.show(d);
  }

  /** A matrix of the document whose rows have dimension d: X, or Xᵀ when d is X's column dimension. */
  carrier(d: Dim): Expr | null {
    for (const s of this.syms) {
      const sh = this.shapeOf(s);
      if (!sh || sh.length === 0) continue;
      if (this.same(sh[0], d)) return s;
      if (this.same(sh[1], d)) return A.op("transpose", [s]);
    }
    // a product n·m (the rows of A ⊗ B) is carried by the Kronecker product of carriers of n and m
    const f = this.env.dims.factors(d);
    const x = f && this.carrier(f[0]),
      y = f && this.carrier(f[1]);
    return x && y ? A.op("kron", [x, y]) : null;
  }

  /**
   * A matrix of the document with e's shape, for operations where only a shape matters (unvec(g, Z)): a symbol of
   * that shape, its transpose, or 1_r 1_cᵀ sized by carriers; e itself with its differentials stripped otherwise.
   */
  shapeCarrier(e: Expr): Expr {
    const z = A.mapExpr(e, (y) => (y.k === "diff" ? y.x : y));
    const sh = this.shapeOf(z);
    if (!sh || sh.length === 0) return z;
    const [r, c] = sh;
    // a symbol of e itself first (unvec(g, W) for a gradient by W), then the document's
    const own: Sym[] = [];
    A.some(e, (y) => {
      if (y.k === "diff" && y.x.k === "sym") own.push(y.x);
      return false;
    });
    for (const s of [...own, ...this.syms]) {
      const t = this.shapeOf(s);
      if (t?.length === 2 && this.same(t[0], r) && this.same(t[1], c)) return s;
    }
    for (const s of this.syms) {
      const t = this.shapeOf(s);
      if (t?.length === 2 && this.same(t[0], c) && this.same(t[1], r)) return A.op("transpose", [s]);
    }
    const x = this.carrier(r),
      y = this.carrier(c);
    return x && y ? A.op("mul", [A.op("onesof", [x]), A.op("transpose", [A.op("onesof", [y])])]) : z;
  }

  /** \mathbf{1}, \mathbf{I} (and \mathbf{0}) of `e`, each sized by its own context, as onesof/eyeof (and 0). */
  sizeConstants(e: Expr, only?: A.Const["which"]): Expr {
    const marks = (x: Expr) => x.k === "const" && (only === undefined || x.which === only);
    if (!A.some(e, marks)) return e;
    const made = new Map<string, A.Const>();
    const mark = (x: Expr): Expr => {
      if (x.k === "const" && marks(x)) {
        const s = A.sym(`\u2039const${++placeholders}\u203a`, "unknown");
        const r = this.env.ctx.fresh();
        this.env.shapes.set(
          s.name,
          x.which === "ones" ? [r, this.env.ctx.one()] : x.which === "eye" ? [r, r] : [r, this.env.ctx.fresh()],
        );
        made.set(s.name, x);
        return s;
      }
      const cs = A.children(x);
      return cs.length ? A.withChildren(x, cs.map(mark)) : x;
    };
    const marked = mark(e);
    if (!this.shapeOf(marked)) return e;
    return A.mapExpr(marked, (x) => {
      const c = x.k === "sym" ? made.get(x.name) : undefined;
      if (!c || x.k !== "sym") return x;
      if (c.which === "zero") return A.num(0);
      const rows = this.env.shapes.get(x.name)![0]!;
      if (this.isConst(rows) === 1) return A.num(1);
      const z = this.carrier(rows);
      return z ? A.op(c.which === "ones" ? "onesof" : "eyeof", [z]) : c;
    });
  }

  /**
   * A gradient as printed: sized constants (onesof, eyeof) written as bare 1 and I wherever the context sizes them
   * back the same; where it does not (a read-off moved 1ᵀ next to 1, as in s 1ᵀ 1 = n s), every constant stays sized,
   * so that the value never depends on a size the formula has lost.
   */
  conventional(e: Expr): Expr {
    const sized = this.sizeConstants(e);
    if (!A.some(sized, (x) => x.k === "op" && (x.op === "onesof" || x.op === "eyeof"))) return sized;
    // in the first argument of an adjoint of ⊗ or vec the sizes stay written (1_{nm}): the adjoint's shape is a
    // quotient of that argument's, which a kernel's shape inference (broadcasting a column across it) may not recover
    const strip = (x: Expr): Expr => {
      if (x.k === "op" && (x.op === "onesof" || x.op === "eyeof"))
        return A.constant(x.op === "onesof" ? "ones" : "eye");
      if (x.k === "op" && ADJOINTS.has(x.op)) return A.withChildren(x, [x.args[0], ...x.args.slice(1).map(strip)]);
      const cs = A.children(x);
      return cs.length ? A.withChildren(x, cs.map(strip)) : x;
    };
    const bare = strip(sized);
    return this.sizeConstants(bare) === sized ? bare : sized;
  }

  /** Size carriers made canonical: differentials stripped, a document symbol as carrier, size 1 as the number 1. */
  resolve(e: Expr): Expr {
    return A.mapExpr(e, (x) => {
      if (x.k !== "op" || !SIZED.has(x.op)) return x;
      const z = A.mapExpr(x.args[0], (y) => (y.k === "diff" ? y.x : y));
      const sh = this.shapeOf(z);
      if (!sh) return A.op(x.op, [z]);
      if (sh.length === 0) return A.num(1);
      const [r, c] = sh;
      if (x.op === "commutation") {
        // a column or a row: rvec(Zᵀ) = rvec(Z), K = I
        if (this.isConst(r) === 1 || this.isConst(c) === 1) return this.resolve(A.op("eyeof", [A.op("rvec", [z])]));
        const exact = this.syms.find((s) => {
          const t = this.shapeOf(s);
          return t?.length === 2 && this.same(t[0], r) && this.same(t[1], c);
        });
        if (exact) return A.op("commutation", [exact]);
        const flipped = this.syms.find((s) => {
          const t = this.shapeOf(s);
          return t?.length === 2 && this.same(t[0], c) && this.same(t[1], r);
        });
        return A.op("commutation", [flipped ? A.op("transpose", [flipped]) : z]);
      }
      if (this.isConst(r) === 1) return A.num(1);
      return A.op(x.op, [this.carrier(r) ?? z]);
    });
  }

  /** For people: eyeof(Z) → \mathbf{I}_{n}, onesof(Z) → \mathbf{1}_{n}, commutation(Z) → \mathbf{K}_{(n,d)}, ncols(Z) → d, … */
  display(e: Expr): Expr {
    return displayHelpers(e, this.env);
  }
}
