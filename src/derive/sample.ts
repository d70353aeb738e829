// Random sizes and inputs for numeric checks: every free dimension gets a size, every input a value that
// respects how it is used (positive under log, √ and division; square matrices well conditioned with
// det > 0) and the document's assumptions (ε > 0).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import {
  add,
  mul,
  transpose,
  rng,
  randn,
  randPositive,
  randWellConditioned,
  randUniform,
  type Rng,
  type Value,
  type Mat,
} from "../numeric/index.js";
import type { Shape } from "../shape/shape.js";
import { isDimensionLike } from "./graph.js";
import { familyMembers } from "./family.js";
import type { SumIdx } from "../ast/index.js";
import { getOp, hasOp } from "../ops/index.js";
import type { Loc } from "../macro/lexer.js";
import { LocatedError } from "../errors.js";
import { assumptionsOf } from "./docindex.js";

/**
 * The most entries one array of a numeric check may have (10⁸ float64 = 800 MB): a declared size beyond it
 * (ℝ^{100000×100000}) is refused with a located message instead of an out-of-memory abort.
 */
export const MAX_ENTRIES = 1e8;

/** A numeric check refused because its arrays would be too large. */
export class SizeLimitError extends LocatedError {}

/** Where a symbol is declared (else first defined or used), for a located message. */
export function locOf(doc: Document, name: string): Loc {
  const decl = doc.statements.find(
    (r) => r.statement.kind === "declaration" && r.statement.syms.some((x) => x.name === name),
  );
  const def = doc.statements.find((r) => r.statement.kind === "definition" && r.statement.lhs.name === name);
  return (decl ?? def ?? doc.statements[0])?.loc ?? { file: doc.file, line: 1, col: 1 };
}

const count = (n: number) => (n >= 1e6 ? `${n.toExponential(1).replace(/e\+?/, "·10^")}` : String(n));

/** Refuses (SizeLimitError) when an array of the given entries would exceed `limit`. */
export function refuseLarge(doc: Document, name: string, subject: string, entries: number, limit = MAX_ENTRIES): void {
  if (entries <= limit) return;
  throw new SizeLimitError(
    locOf(doc, name),
    `${subject} would have ${count(entries)} entries (more than ${count(limit)}): too large to evaluate numerically; declare smaller sizes or symbolic dimensions`,
  );
}

/** The number of members of a summation: its upper limit when known, else a small random size. */
/** Matrices used as entries s_{i,j} with both indices bound by enclosing sums: the two sums, by name. */
function indexedEntries(exprs: readonly Expr[]): Map<string, [SumIdx, SumIdx]> {
  const out = new Map<string, [SumIdx, SumIdx]>();
  const walk = (e: Expr, sums: readonly SumIdx[]) => {
    if (e.k === "slice" && e.x.k === "sym" && e.row?.k === "sym" && e.col?.k === "sym") {
      const find = (ix: string) => [...sums].reverse().find((s) => s.index === ix);
      const [r, c] = [find(e.row.name), find(e.col.name)];
      if (r && c && !out.has(e.x.name)) out.set(e.x.name, [r, c]);
    }
    const inner = e.k === "sumidx" ? [...sums, e] : sums;
    for (const k of A.children(e)) walk(k, inner);
  };
  exprs.forEach((e) => walk(e, []));
  return out;
}

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
  const mark = (e: Expr) => {
    if (e.k === "sym") out.add(e.name);
  };
  for (const e of exprs)
    A.some(e, (x) => {
      if (
        x.k === "op" &&
        (POSITIVE_OPS.has(x.op) || domainOf(x.op) === "positive" || (x.op === "pow" && !Number.isInteger(x.attr ?? 1)))
      )
        x.args.forEach(mark);
      if (x.k === "op" && x.op === "ediv") mark(x.args[1]);
      if (x.k === "op" && x.op === "layernorm" && x.args[1]) mark(x.args[1]);
      return false;
    });
  for (const s of assumptionsOf(doc))
    if (s.lhs.k === "sym" && (s.rel === ">" || s.rel === "\\geq")) out.add(s.lhs.name);
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
  for (const e of exprs)
    A.some(e, (x) => {
      // a symbol or its transpose (arcsin of a row yᵀ)
      if (x.k === "op" && domainOf(x.op) === "unit")
        for (const a of x.args) {
          const s = a.k === "op" && a.op === "transpose" ? a.args[0] : a;
          if (s.k === "sym") out.add(s.name);
        }
      return false;
    });
  return out;
}

export class Sizer {
  private sizes = new Map<number, number>();
  /** Product variables being sized: a product that reaches itself through its factors (rows(a) = rows(a)·cols(a),
   * from a lecture's `a = (a):`) is no product, and is drawn like a free size. */
  private readonly sizing = new Set<number>();
  constructor(
    private readonly doc: Document,
    private readonly g: Rng,
    private readonly lo = 2,
    private readonly hi = 5,
  ) {}
  /** The concrete size of a dimension (free variables drawn once). */
  size(d: Shape[number] & object): number {
    const r = this.doc.env.dims.resolve(d);
    let n = r.c;
    for (const [v, k] of r.terms) {
      if (!this.sizes.has(v)) {
        const p = this.sizing.has(v) ? undefined : this.doc.env.dims.productOf(v);
        this.sizing.add(v);
        const n = p ? this.size(p[0]) * this.size(p[1]) : this.g.int(this.lo, this.hi);
        this.sizing.delete(v);
        if (!this.sizes.has(v)) this.sizes.set(v, n);
      }
      n += k * this.sizes.get(v)!;
    }
    return Math.max(1, Math.round(n));
  }
  shape(s: Shape): [number, number] | [] {
    return s.length === 0 ? [] : [this.size(s[0]), this.size(s[1])];
  }
  /** An upper bound on the entries of a shape without drawing (a variable not drawn yet counts as hi). */
  entriesBound(s: Shape): number {
    const one = (d: Shape[number] & object): number => {
      const r = this.doc.env.dims.resolve(d);
      let n = r.c;
      for (const [v, k] of r.terms)
        n += k * (this.sizes.get(v) ?? (this.doc.env.dims.productOf(v) ? this.hi * this.hi : this.hi));
      return Math.max(1, Math.round(n));
    };
    return s.length === 0 ? 1 : one(s[0]) * one(s[1]);
  }
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

/**
 * Bounds the document assumes (`a > 3`, `t \leq -1`): a symbol so bounded is drawn on the right side of its
 * bound, entrywise (a bound 0 is positivity, handled by positiveSymbols). By symbol: the bound and its side.
 */
export function boundedSymbols(doc: Document): Map<string, { at: number; above: boolean }> {
  const out = new Map<string, { at: number; above: boolean }>();
  const num = (e: Expr): number | null =>
    e.k === "num" ? e.value : A.isOp(e, "neg") && e.args[0].k === "num" ? -e.args[0].value : null;
  for (const s of assumptionsOf(doc)) {
    if (s.lhs.k !== "sym") continue;
    const at = num(s.rhs);
    const above = s.rel === ">" || s.rel === "\\geq",
      below = s.rel === "<" || s.rel === "\\leq";
    if (at !== null && at !== 0 && (above || below)) out.set(s.lhs.name, { at, above });
  }
  return out;
}

/** A value drawn beyond a bound: at ± (a positive draw), entrywise. */
function beyond(v: Value, b: { at: number; above: boolean }): Value {
  const f = (x: number) => (b.above ? b.at + x : b.at - x);
  return typeof v === "number" ? f(v) : { rows: v.rows, cols: v.cols, data: v.data.map(f) };
}

/** Vectors the document assumes sum to one (`\mathbf{1}^\top \mathbf{t} = 1`, `\mathbf{t}^\top \mathbf{1} = 1`): drawn
 * as positive vectors divided by their sum (targets of a cross-entropy, probability vectors). */
export function normalisedSymbols(doc: Document): Set<string> {
  const out = new Set<string>();
  const ones = (e: Expr) => A.isOp(e, "transpose") && e.args[0].k === "const" && e.args[0].which === "ones";
  const onesCol = (e: Expr) => e.k === "const" && e.which === "ones";
  for (const s of assumptionsOf(doc)) {
    if (s.rel !== "=" || s.rhs.k !== "num" || s.rhs.value !== 1 || !A.isOp(s.lhs, "mul") || s.lhs.args.length !== 2)
      continue;
    const [a, b] = s.lhs.args;
    if (ones(a) && b.k === "sym") out.add(b.name);
    if (A.isOp(a, "transpose") && a.args[0].k === "sym" && onesCol(b)) out.add(a.args[0].name);
  }
  return out;
}

/** Symbols the document assumes symmetric (`X = X^\top`). */
export function symmetricSymbols(doc: Document): Set<string> {
  const out = new Set<string>();
  for (const s of assumptionsOf(doc))
    if (s.rel === "=" && s.lhs.k === "sym" && A.isOp(s.rhs, "transpose") && s.rhs.args[0] === s.lhs)
      out.add(s.lhs.name);
  return out;
}

/** `defs`: definitions about to be evaluated on the sample, refused (SizeLimitError) if their values are too large. */
export function sampleSymbols(
  doc: Document,
  syms: readonly Sym[],
  exprs: readonly Expr[],
  seed: number,
  defs: readonly { readonly lhs: Sym }[] = [],
): Sample {
  const g = rng(seed);
  const sizer = new Sizer(doc, g);
  const pos = positiveSymbols(doc, exprs);
  const unit = unitSymbols(exprs);
  const sym = symmetricSymbols(doc);
  const bounds = boundedSymbols(doc);
  const normalised = normalisedSymbols(doc);
  const values = new Map<string, Value>();
  const members = familyMembers(exprs);
  const ordered = [...syms].sort((a, b) => Number(members.has(a.name)) - Number(members.has(b.name)));
  // one size per index (and upper limit): everything it runs over (rows u_i, entries s_{i,j}) has that many rows,
  // in every sum over it (Σ_{i,j} s_{ij}(…) + λ Σ_i u_iᵀu_i)
  const sumSizes = new Map<string, number>();
  const sizeOfSum = (sum: SumIdx) => {
    const key = `${sum.index}|${sum.hi?.key ?? ""}`;
    let n = sumSizes.get(key);
    if (n === undefined) sumSizes.set(key, (n = familySize(sum, values, g)));
    return n;
  };
  const entryShapes = indexedEntries(exprs);
  for (const s of ordered) {
    const m = members.get(s.name);
    const ent = entryShapes.get(s.name);
    if (!m && ent && sizer.shape(doc.env.shapeOf(s)).length === 2) {
      // s_{i,j} under sums over i and j: the matrix s is (range of i) × (range of j)
      values.set(s.name, drawValue([sizeOfSum(ent[0]), sizeOfSum(ent[1])], pos.has(s.name), g));
      continue;
    }
    if (m) {
      // x_i under \sum_{i=1}^{n} is row i of an n-row family (entry i when x_i is a scalar)
      const n = sizeOfSum(m.sum);
      const sh = sizer.shape(doc.env.shapeOf(s));
      refuseLarge(doc, s.name, `the value of ${s.latex}`, n * (sh.length ? sh[0] : 1));
      if (!values.has(m.base)) values.set(m.base, drawValue(sh.length === 0 ? [n, 1] : [n, sh[0]], pos.has(s.name), g));
      continue;
    }
    if (isDimensionLike(s, doc) && doc.env.dims.hasName(s.name)) {
      values.set(s.name, sizer.size(doc.env.dims.named(s.name)));
      continue;
    }
    const sh = sizer.shape(doc.env.shapeOf(s));
    if (sh.length) refuseLarge(doc, s.name, `the value of ${s.latex}`, sh[0] * sh[1]);
    const known = s.name === "pi" ? Math.PI : s.name === "e" && s.latex === "e" ? Math.E : undefined;
    const bound = bounds.get(s.name);
    let v =
      known ??
      (isDimensionLike(s, doc) && sh.length === 0
        ? g.int(2, 9)
        : unit.has(s.name)
          ? unitValue(sh, pos.has(s.name) ? 0.1 : -0.9, g)
          : bound
            ? beyond(drawValue(sh, true, g), bound)
            : drawValue(sh, pos.has(s.name), g));
    if (sym.has(s.name) && typeof v !== "number" && v.rows === v.cols) v = mul(add(v, transpose(v)), 0.5) as Value;
    if (normalised.has(s.name) && typeof v !== "number" && (v.rows === 1 || v.cols === 1)) {
      const p = drawValue([v.rows, v.cols], true, g) as Mat;
      const total = p.data.reduce((x, y) => x + y, 0);
      v = { rows: p.rows, cols: p.cols, data: p.data.map((x) => x / total) };
    }
    values.set(s.name, v);
  }
  for (const d of defs) {
    const sh = doc.env.shapes.get(d.lhs.name);
    if (sh) refuseLarge(doc, d.lhs.name, `the value of ${d.lhs.latex}`, sizer.entriesBound(sh));
  }
  return { sizes: sizer.named(), values, rng: g };
}
