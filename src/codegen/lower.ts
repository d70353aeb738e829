// Lowering formulas to IR instructions. The operation shape rules decide what each product means, and the
// IR makes it explicit: A B of conforming matrices is `mul`; a scalar (or a 1×1 matrix that does not conform)
// times anything is an entrywise product with a scalar; a 1×1 result used as a scalar becomes `item`.
// Every lowered value has exactly the shape its occurrence was annotated with (src/codegen/shapes.ts).
import type { Deriv, Expr, Op } from "../ast/index.js";
import { getOp } from "../ops/registry.js";
import { ShapeError } from "../shape/shape.js";
import type { Namer } from "./names.js";
import {
  isOneByOne,
  shapeKey,
  sizeEq,
  UnsupportedError,
  type Ann,
  type IRShape,
  type Size,
  type SizeNames,
} from "./shapes.js";
import type { Arg, Instr } from "./ir.js";
import { structuredProduct } from "./structured.js";

export interface Want {
  readonly raw: string;
  readonly comment: string;
}
const lit = (num: number): Arg => ({ num });
const isLit = (a: Arg): a is { readonly num: number } => "num" in a;
const isNeg = (e: Expr): e is Op => e.k === "op" && e.op === "neg";

/** Operations that leave a scalar argument unchanged: Aᵀ, rowsum, tr, sum, det, diag, vec of a number. */
const SCALAR_IDENTITY = new Set(["transpose", "rowsum", "tr", "sum", "det", "diag", "vec", "rvec", "max", "min"]);
/** Operations whose value for a scalar argument is 1 (sized identities and ones, the 1×1 commutation matrix). */
const SCALAR_ONE = new Set(["eyeof", "onesof", "commutation", "argmaxind"]);
const ELEMENTWISE_BINARY = new Set(["add", "hadamard", "ediv"]);

export class Lowerer {
  readonly shapes = new Map<string, IRShape>();
  private instrs: Instr[] = [];
  private readonly memo = new Map<string, Arg>();
  private readonly syms = new Map<string, Arg>();
  private readonly sizeSyms = new Map<string, Size>();
  private readonly derivs = new Map<Expr, Arg>();
  private readonly emitted = new Map<string, Instr>();
  private readonly later = new Map<string, Want>();

  constructor(
    readonly sizes: SizeNames,
    private readonly namer: Namer,
  ) {}

  input(source: string, ident: string, shape: IRShape): void {
    this.syms.set(source, { ref: ident });
    this.shapes.set(ident, shape);
  }
  sizeSymbol(source: string, size: Size): void {
    this.sizeSyms.set(source, size);
  }
  literal(source: string, value: number): void {
    this.syms.set(source, lit(value));
  }
  deriv(node: Deriv, value: Arg): void {
    this.derivs.set(node, value);
  }
  hasSymbol(name: string): boolean {
    return this.syms.has(name) || this.sizeSyms.has(name);
  }
  valueName(source: string): string | undefined {
    const a = this.syms.get(source);
    return a && !isLit(a) ? a.ref : undefined;
  }
  /** The instructions emitted since the last call. */
  take(): Instr[] {
    const out = this.instrs;
    this.instrs = [];
    return out;
  }

  symbol(name: string): Arg {
    const hit = this.syms.get(name);
    if (hit) return hit;
    const size = this.sizeSyms.get(name);
    if (size) {
      const v = this.size(size);
      this.syms.set(name, v);
      return v;
    }
    throw new UnsupportedError(`no value for the symbol ${name}`);
  }

  /** A forward definition V = rhs. */
  define(name: string, rhs: Expr, ann: Ann, raw: string, comment: string): void {
    this.syms.set(name, this.nameLater(this.lower(rhs, ann, { raw, comment }), { raw, comment }));
  }

  /** A definition that is an earlier anonymous temporary (a common subexpression) gives it its name. */
  private nameLater(v: Arg, want: Want): Arg {
    if (!isLit(v) && this.emitted.get(v.ref)?.named === false && !this.later.has(v.ref)) this.later.set(v.ref, want);
    return v;
  }

  /** Apply the names of `nameLater` (after the last instruction). */
  renames(): { instr: (i: Instr) => Instr; arg: (a: Arg) => Arg; shapes: Map<string, IRShape> } {
    const map = new Map<string, string>();
    for (const [ref, want] of this.later) map.set(ref, this.namer.name(want.raw));
    // the remaining temporaries are numbered in program order
    const temps = [...this.emitted.values()].filter((i) => !i.named && !this.later.has(i.out)).map((i) => i.out);
    for (const [old, s] of this.namer.renumber(temps)) map.set(old, s);
    const r = (s: string) => map.get(s) ?? s;
    const arg = (a: Arg): Arg => (isLit(a) ? a : { ref: r(a.ref) });
    const instr = (i: Instr): Instr => {
      const want = this.later.get(i.out);
      return { ...i, out: r(i.out), args: i.args.map(arg), ...(want ? { named: true, comment: want.comment } : {}) };
    };
    return { instr, arg, shapes: new Map([...this.shapes].map(([k, v]) => [r(k), v])) };
  }

  /** A gradient ∂L/∂V = expr, as a value of V's shape. */
  gradient(node: Deriv, expr: Expr, ann: Ann, target: IRShape, raw: string, comment: string): Arg {
    const want = { raw, comment };
    const from = this.sizes.shape(ann.shape);
    const fits = from.length === target.length && isOneByOne(from) === isOneByOne(target);
    const v = this.nameLater(
      fits ? this.lower(expr, ann, want) : this.toShape(this.lower(expr, ann), target, want),
      want,
    );
    this.derivs.set(node, v);
    return v;
  }

  /** seed · g, for a scalar output whose gradients were derived for seed 1. */
  scaleBySeed(g: Arg, shape: IRShape): Arg {
    if (isLit(g) && g.num === 0) return this.toShape(g, shape);
    if (!isLit(g) && this.instrOf(g.ref)?.op === "zeros") return g;
    return this.elementwise("hadamard", [{ ref: "seed" }, this.toShape(g, shape)], shape);
  }

  /** Convert between a scalar, a 1×1 matrix and a matrix filled with one value. */
  toShape(a: Arg, shape: IRShape, want?: Want): Arg {
    const from = this.shapeOf(a);
    if (from.length === 0 && shape.length === 0) return a;
    if (from.length === 2 && shape.length === 2) {
      if (sizeEq(from[0], shape[0]) && sizeEq(from[1], shape[1])) return a;
      if (isOneByOne(from)) return this.emit("fill", [this.item(a)], shape, { want });
      throw new ShapeError(`a ${shapeKey(from)} value where ${shapeKey(shape)} is needed`);
    }
    if (shape.length === 2)
      return isLit(a) && a.num === 0
        ? this.emit("zeros", [], shape, { want })
        : this.emit("fill", [a], shape, { want });
    if (isOneByOne(from)) return this.item(a);
    throw new ShapeError(`a ${shapeKey(from)} value where a scalar is needed`);
  }

  lower(e: Expr, ann: Ann, want?: Want): Arg {
    const shape = this.sizes.shape(ann.shape);
    const key = `${e.key}@${shapeKey(shape)}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    let v: Arg;
    switch (e.k) {
      case "num":
        v = lit(e.value);
        break;
      case "sym":
        v = this.symbol(e.name);
        break;
      case "deriv": {
        const d = this.derivs.get(e);
        if (!d) throw new UnsupportedError(`${e.key} is used before it is computed`);
        v = d;
        break;
      }
      case "const":
        v = this.constant(e.which, shape, want);
        break;
      case "pair": {
        // ⟨G, E⟩ = sum(G ⊙ E)
        const [g, x] = [this.lower(e.g, ann.kids[0]), this.lower(e.e, ann.kids[1])];
        const gs = this.shapeOf(g),
          xs = this.shapeOf(x);
        const prod = this.elementwise("hadamard", [g, x], gs.length === 2 ? gs : xs);
        v = this.shapeOf(prod).length === 0 ? prod : this.emit("sum", [prod], [], { want });
        break;
      }
      case "op":
        v = this.op(e, ann, shape, want);
        break;
      default:
        throw new UnsupportedError(`cannot generate code for ${e.k}`);
    }
    this.memo.set(key, v);
    return v;
  }

  private op(e: Op, ann: Ann, shape: IRShape, want?: Want): Arg {
    // a constant under a transpose is the transposed constant
    if (e.op === "transpose" && e.args[0].k === "const") return this.constant(e.args[0].which, shape, want);
    if (e.op === "add" && e.args.some(isNeg) && !e.args.every(isNeg)) return this.difference(e, ann, shape, want);
    if (e.op === "mul") {
      const v = structuredProduct(this, e, ann, shape, want);
      if (v) return v;
    }
    // unvec(g, Z): only Z's shape matters, and Z is not computed
    if (e.op === "unvec" && shape.length === 2) {
      const g = this.lower(e.args[0], ann.kids[0]),
        gs = this.shapeOf(g);
      // a scalar g stands for every entry (as in the reference evaluator)
      if (gs.length === 0 || isOneByOne(gs)) return this.toShape(g, shape, want);
      return this.emit("unvec", [g], shape, { want });
    }
    // a sized identity or ones column is the constant of its shape (its carrier, A ⊗ B for 1_{nm}, is not computed)
    if ((e.op === "onesof" || e.op === "eyeof") && shape.length === 2)
      return this.constant(e.op === "onesof" ? "ones" : "eye", shape, want);
    const args = e.args.map((a, i) => this.lower(a, ann.kids[i]));
    const shapes = args.map((a) => this.shapeOf(a));
    const scalar = (i: number) => shapes[i].length === 0;
    if (args.every(isLit) && shape.length === 0) {
      const v = getOp(e.op).eval(
        args.map((a) => a.num),
        e.attr,
      );
      if (typeof v === "number" && Number.isFinite(v)) return lit(v);
    }
    const fin = (op: string, as: readonly Arg[], attr = e.attr) => this.emit(op, as, shape, { want, attr });
    if (ELEMENTWISE_BINARY.has(e.op)) return this.elementwise(e.op, args, shape, want);
    if (scalar(0) && args.length === 1 && SCALAR_IDENTITY.has(e.op)) return args[0];
    if (scalar(0) && args.length === 1 && SCALAR_ONE.has(e.op)) return lit(1);
    switch (e.op) {
      case "mul": {
        const [a, b] = args,
          [sa, sb] = shapes;
        if (sa.length === 0 || sb.length === 0) return this.elementwise("hadamard", args, shape, want);
        if (sizeEq(sa[1], sb[0])) return fin("mul", args);
        if (isOneByOne(sa)) return this.elementwise("hadamard", [this.item(a), b], shape, want);
        if (isOneByOne(sb)) return this.elementwise("hadamard", [a, this.item(b)], shape, want);
        throw new ShapeError(`product of ${shapeKey(sa)} and ${shapeKey(sb)}`);
      }
      case "kron":
        return scalar(0) || scalar(1) ? this.elementwise("hadamard", args, shape, want) : fin("kron", args);
      case "neg":
        return isLit(args[0]) ? lit(-args[0].num) : fin("neg", args);
      case "inv":
        return scalar(0) ? this.elementwise("ediv", [lit(1), args[0]], shape, want) : fin("inv", args);
      case "logdet":
        return scalar(0) ? fin("log", args) : fin("logdet", args);
      case "norm":
      case "frob":
      case "norm1":
      case "norminf":
        return scalar(0) ? fin("abs", args) : fin(e.op, args);
      case "ncols":
        return scalar(0) ? lit(1) : this.size((shapes[0] as readonly [Size, Size])[1]);
      case "pow": {
        const p = e.attr ?? 1;
        if (isOneByOne(shapes[0]))
          return this.emit("fill", [this.emit("pow", [this.item(args[0])], [], { attr: p })], shape, { want });
        if (!scalar(0) && !Number.isInteger(p)) throw new UnsupportedError(`matrix power ${p}`);
        return fin("pow", args, p);
      }
      case "softmax":
      case "logsoftmax":
      case "layernorm":
      case "lnscale":
        if (scalar(0)) throw new UnsupportedError(`${e.op} of a scalar`);
        return fin(e.op, args);
      case "concat":
        return fin(
          "concat",
          args.map((a, i) => (scalar(i) ? this.emit("fill", [a], [one(), one()]) : a)),
        );
      default:
        return fin(e.op, args);
    }
  }

  /** a + b − c − d as sub(sub(add(a, b), c), d): the negated terms are subtracted, not negated and added. */
  private difference(e: Op, ann: Ann, shape: IRShape, want?: Want): Arg {
    const pos: Arg[] = [],
      neg: Arg[] = [];
    e.args.forEach((a, i) => {
      if (isNeg(a)) neg.push(this.lower(a.args[0], ann.kids[i].kids[0]));
      else pos.push(this.lower(a, ann.kids[i]));
    });
    let acc = pos.length === 1 ? pos[0] : this.elementwise("add", pos, this.broadcast(pos), undefined);
    neg.forEach((b, i) => {
      const last = i === neg.length - 1;
      acc = this.elementwise("sub", [acc, b], last ? shape : this.broadcast([acc, b]), last ? want : undefined);
    });
    return acc;
  }

  /** The shape of an entrywise result: a dimension of size 1 stretches to the other arguments'. */
  private broadcast(args: readonly Arg[]): IRShape {
    const ms = args.map((a) => this.shapeOf(a)).filter((s): s is readonly [Size, Size] => s.length === 2);
    if (ms.length === 0) return [];
    const pick = (k: 0 | 1) => ms.map((m) => m[k]).find((d) => !(d.terms.length === 0 && d.c === 1)) ?? ms[0][k];
    return [pick(0), pick(1)];
  }

  /** An entrywise operation; when the result is a scalar, 1×1 arguments are read as scalars first. */
  elementwise(op: string, args: readonly Arg[], shape: IRShape, want?: Want): Arg {
    const as = shape.length === 0 ? args.map((a) => (isOneByOne(this.shapeOf(a)) ? this.item(a) : a)) : args;
    if (as.every(isLit) && shape.length === 0) {
      const nums = as.map((a) => a.num);
      const v = op === "sub" ? nums[0] - nums[1] : getOp(op).eval(nums);
      if (typeof v === "number" && Number.isFinite(v)) return lit(v);
    }
    return this.emit(op, as, shape, { want });
  }

  private constant(which: "ones" | "eye" | "zero", shape: IRShape, want?: Want): Arg {
    if (shape.length === 0) return lit(which === "zero" ? 0 : 1);
    const op = which === "zero" ? "zeros" : which;
    const key = `${op}@${shapeKey(shape)}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const v = this.emit(op, [], shape, { want });
    this.memo.set(key, v);
    return v;
  }

  private size(s: Size): Arg {
    if (s.terms.length === 0) return lit(s.c);
    const key = `size@${shapeKey([s, s])}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const v = this.emit("size", [], [], { dim: s });
    this.memo.set(key, v);
    return v;
  }

  /** The value of `make()`, computed once per key (for ./structured.ts). */
  memoized(key: string, make: () => Arg): Arg {
    const hit = this.memo.get(key);
    if (hit) return hit;
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  private item(a: Arg): Arg {
    if (isLit(a)) return a;
    const key = `item@${a.ref}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const v = this.emit("item", [a], []);
    this.memo.set(key, v);
    return v;
  }

  shapeOf(a: Arg): IRShape {
    return isLit(a) ? [] : this.shapes.get(a.ref)!;
  }
  private instrOf(ref: string): Instr | undefined {
    return this.emitted.get(ref);
  }

  emit(
    op: string,
    args: readonly Arg[],
    shape: IRShape,
    o: { want?: Want | undefined; attr?: number | undefined; dim?: Size } = {},
  ): Arg {
    const out = o.want ? this.namer.name(o.want.raw) : this.namer.temp();
    const ins: Instr = {
      out,
      op,
      args,
      shape,
      named: Boolean(o.want),
      ...(o.attr !== undefined ? { attr: o.attr } : {}),
      ...(o.dim ? { dim: o.dim } : {}),
      ...(o.want ? { comment: o.want.comment } : {}),
    };
    this.instrs.push(ins);
    this.emitted.set(out, ins);
    this.shapes.set(out, shape);
    return { ref: out };
  }
}

const one = (): Size => ({ c: 1, terms: [] });
