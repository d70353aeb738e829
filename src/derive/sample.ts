// Random sizes and inputs for numeric checks: every free dimension gets a size, every input a value that
// respects how it is used (positive under log, √ and division; square matrices well conditioned with
// det > 0) and the document's assumptions (ε > 0).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { add, mul, transpose, rng, randn, randPositive, randWellConditioned, randUniform, type Rng, type Value } from "../numeric/index.js";
import type { Shape } from "../shape/shape.js";
import { isDimensionLike } from "./graph.js";
import { familyMembers } from "./family.js";
import type { SumIdx } from "../ast/index.js";
import { getOp, hasOp } from "../ops/index.js";

/** The number of members of a summation: its upper limit when known, else a small random size. */
function familySize(sum: SumIdx, values: ReadonlyMap<string, Value>, g: Rng): number {
  const hi = sum.hi;
  if (hi?.k === "num") return hi.value;
  if (hi?.k === "sym" && typeof values.get(hi.name) === "number") return values.get(hi.name) as number;
  return g.int(2, 5);
}

export interface Sample {
  /** Sizes by dimension name as generated code spells it (`n`, `d_k`, `m1`). */
  readonly sizes: Map<string, number>;
  readonly values: Map<string, Value>;
  readonly rng: Rng;
}

const POSITIVE_OPS = new Set(["log", "sqrt", "logdet", "lnscale"]);

/** Symbols that must be positive: under log/√, a denominator, a fractional power, or assumed > 0. */
export function positiveSymbols(doc: Document, exprs: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  const mark = (e: Expr) => { if (e.k === "sym") out.add(e.name); };
  for (const e of exprs) A.some(e, (x) => {
    if (x.k === "op" && (POSITIVE_OPS.has(x.op) || domainOf(x.op) === "positive" || (x.op === "pow" && !Number.isInteger(x.attr ?? 1)))) x.args.forEach(mark);
    if (x.k === "op" && x.op === "ediv") mark(x.args[1]);
    if (x.k === "op" && x.op === "layernorm" && x.args[1]) mark(x.args[1]);
    return false;
  });
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind === "assumption" && s.lhs.k === "sym" && (s.rel === ">" || s.rel === "\\geq")) out.add(s.lhs.name);
  }
  return out;
}

/** The domain an operation's argument needs (src/ops: cot, csc and coth positive; tan, sec, arcsin, arccos inside (−1, 1)). */
const domainOf = (op: string) => (hasOp(op) ? getOp(op).domain : undefined);

/** Entries uniform in (lo, 0.9): inside (−1, 1), and positive too when lo > 0 (arcsin(x) and log(x) together). */
function unitValue(sh: [number, number] | [], lo: number, g: Rng): Value {
  return sh.length === 0 ? randUniform(1, 1, g, lo, 0.9).data[0] : randUniform(sh[0], sh[1], g, lo, 0.9);
}

/** Symbols directly under an operation smooth only inside (−1, 1) (tan, sec, arcsin, arccos): drawn in (−0.9, 0.9). */
export function unitSymbols(exprs: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  for (const e of exprs) A.some(e, (x) => {
    if (x.k === "op" && domainOf(x.op) === "unit") for (const a of x.args) if (a.k === "sym") out.add(a.name);
    return false;
  });
  return out;
}

export class Sizer {
  private sizes = new Map<number, number>();
  constructor(private readonly doc: Document, private readonly g: Rng, private readonly lo = 2, private readonly hi = 5) {}
  /** The concrete size of a dimension (free variables drawn once). */
  size(d: Shape[number] & object): number {
    const r = this.doc.env.dims.resolve(d);
    let n = r.c;
    for (const [v, k] of r.terms) {
      if (!this.sizes.has(v)) {
        const p = this.doc.env.dims.productOf(v);
        this.sizes.set(v, p ? this.size(p[0]) * this.size(p[1]) : this.g.int(this.lo, this.hi));
      }
      n += k * this.sizes.get(v)!;
    }
    return Math.max(1, Math.round(n));
  }
  shape(s: Shape): [number, number] | [] { return s.length === 0 ? [] : [this.size(s[0]), this.size(s[1])]; }
  /** Sizes of every variable drawn so far, by their printing name. */
  named(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [v, n] of this.sizes) out.set(this.doc.env.dims.nameOf(v), n);
    return out;
  }
}

/** A value for a symbol of the given concrete shape. */
export function drawValue(shape: [number, number] | [], positive: boolean, g: Rng): Value {
  if (shape.length === 0) return positive ? 0.5 + 1.5 * g.uniform() : randUniform(1, 1, g, -1.5, 1.5).data[0];
  const [r, c] = shape;
  if (r === c && r > 1 && !positive) return randWellConditioned(r, g);
  if (r === c && r > 1) {
    // positive entries and a dominant diagonal: safe under log, √ and log det alike
    const m = randPositive(r, c, g);
    for (let i = 0; i < r; i++) m.data[i * c + i] += r;
    return m;
  }
  if (positive) return randPositive(r, c, g);
  // entries of order 1/√cols keep products of order one (softmax and σ stay out of saturation)
  const m = randn(r, c, g);
  const k = 1 / Math.sqrt(Math.max(1, c));
  for (let i = 0; i < m.data.length; i++) m.data[i] *= k;
  return m;
}

/** Symbols the document assumes symmetric (`X = X^\top`). */
export function symmetricSymbols(doc: Document): Set<string> {
  const out = new Set<string>();
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind === "assumption" && s.rel === "=" && s.lhs.k === "sym" && A.isOp(s.rhs, "transpose") && s.rhs.args[0] === s.lhs) out.add(s.lhs.name);
  }
  return out;
}

export function sampleSymbols(doc: Document, syms: readonly Sym[], exprs: readonly Expr[], seed: number): Sample {
  const g = rng(seed);
  const sizer = new Sizer(doc, g);
  const pos = positiveSymbols(doc, exprs);
  const unit = unitSymbols(exprs);
  const sym = symmetricSymbols(doc);
  const values = new Map<string, Value>();
  const members = familyMembers(exprs);
  const ordered = [...syms].sort((a, b) => Number(members.has(a.name)) - Number(members.has(b.name)));
  for (const s of ordered) {
    const m = members.get(s.name);
    if (m) {
      // x_i under \sum_{i=1}^{n} is row i of an n-row family (entry i when x_i is a scalar)
      const n = familySize(m.sum, values, g);
      const sh = sizer.shape(doc.env.shapeOf(s));
      if (!values.has(m.base)) values.set(m.base, drawValue(sh.length === 0 ? [n, 1] : [n, sh[0]], pos.has(s.name), g));
      continue;
    }
    if (isDimensionLike(s, doc) && doc.env.dims.hasName(s.name)) { values.set(s.name, sizer.size(doc.env.dims.named(s.name))); continue; }
    const sh = sizer.shape(doc.env.shapeOf(s));
    const known = s.name === "pi" ? Math.PI : s.name === "e" && s.latex === "e" ? Math.E : undefined;
    let v = known ?? (isDimensionLike(s, doc) && sh.length === 0 ? g.int(2, 9)
      : unit.has(s.name) ? unitValue(sh, pos.has(s.name) ? 0.1 : -0.9, g)
      : drawValue(sh, pos.has(s.name), g));
    if (sym.has(s.name) && typeof v !== "number" && v.rows === v.cols) v = mul(add(v, transpose(v)), 0.5) as Value;
    values.set(s.name, v);
  }
  return { sizes: sizer.named(), values, rng: g };
}
