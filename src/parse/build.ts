// Typed builders called by the grammar's postprocessors: tokens and sub-results in, AST nodes out.
// Builders never throw (Earley parsing runs them on branches that may be discarded): a problem becomes a
// poison node whose located message is reported only if it survives into the final parse.
import * as A from "../ast/index.js";
import type { Expr, Relation, Rel, Space } from "../ast/index.js";
import { separatorWord, type GTok } from "./tokens.js";
import type { Loc } from "../macro/lexer.js";
import { getOp } from "../ops/index.js";
import { notSupported } from "./unsupported.js";

export interface Script {
  readonly kind: "^" | "_" | "'" | ":";
  readonly toks: readonly GTok[];
}
export interface Group {
  readonly open: GTok;
  readonly args: readonly Expr[];
}
interface BigOp {
  readonly tok: GTok;
  readonly index: string;
  readonly lo?: Expr;
  readonly hi?: Expr;
  readonly written: string;
}
interface DMark {
  readonly tok: GTok;
  readonly order: number;
}

/** Parses a token list as an expression (set by the parser module; used for scripts and matrix cells). */
let subParse: (toks: readonly GTok[]) => Expr | null = () => null;
let cellParse: (toks: readonly GTok[]) => Expr | null = () => null;
export const setSubParser = (f: typeof subParse, cells: typeof cellParse) => {
  subParse = f;
  cellParse = cells;
};

const poisons = new Map<string, { loc: Loc; message: string }>();
export function bad(loc: Loc, message: string): Expr {
  const t = A.text(`\u22a5${poisons.size}`);
  if (!poisons.has(t.text)) poisons.set(t.text, { loc, message });
  return t;
}
export const poisonOf = (e: Expr) => (e.k === "text" ? poisons.get(e.text) : undefined);
export const resetPoisons = () => {
  poisons.clear();
  wordLocs.clear();
};
/** Where each word of the formula was written (words are interned: the first place is reported). */
const wordLocs = new Map<string, Loc>();
/** A word (`\text{where}`) is never a factor: text is not multiplied into a formula. */
const isWord = (e: Expr): e is A.Text => e.k === "text" && !poisonOf(e) && e.text !== "\\infty";

const callProducts = new WeakSet<Expr>();
const opSym = (name: string) => A.sym(name, "unknown", `\\operatorname{${name}}`);

// ---- relations and spaces
export const relation = (first: Expr | Space, rest: Relation["rest"]): Relation => ({ first, rest });
export const relStep = (t: GTok, rhs: Expr | Space) => ({ rel: t.value as Rel, rhs });
export function space(t: GTok, toks: readonly GTok[] | null): Space {
  if (!toks) return { k: "space", field: "R", dims: [] };
  const parts: GTok[][] = [[]];
  let depth = 0;
  for (const x of toks) {
    if (x.type === "lbrace") depth++;
    if (x.type === "rbrace") depth--;
    if (depth === 0 && (x.value === "\\times" || x.type === "star" || x.type === "comma")) parts.push([]);
    else parts[parts.length - 1].push(x);
  }
  return { k: "space", field: "R", dims: parts.map((p) => subParse(p) ?? bad(t.loc, "dimension not understood")) };
}

// ---- sums and products
export function binary(kind: string, a: Expr, b: Expr): Expr {
  switch (kind) {
    case "add":
      return A.op("add", [...(A.isOp(a, "add") ? a.args : [a]), b]);
    case "sub":
      return A.op("add", [...(A.isOp(a, "add") ? a.args : [a]), neg(b)]);
    default: {
      const w = isWord(a) ? a : isWord(b) ? b : null;
      if (w)
        return bad(
          wordLocs.get(w.text) ?? { file: "", line: 1, col: 1 },
          `'${w.text}' is text, not part of the formula: ` +
            "write it outside the math, or separate two statements with \\quad or \\text{and}",
        );
      return A.op(kind, [a, b]);
    }
  }
}
export function neg(x: Expr): Expr {
  return x.k === "num" ? A.num(-x.value) : A.op("neg", [x]);
}

// ---- atoms
export function symbol(t: GTok): Expr {
  const s = t.sym!;
  return A.sym(s.name, s.hint, s.latex);
}
export const number = (t: GTok): Expr => A.num(Number(t.value));
export const constant = (t: GTok): Expr => A.constant(t.type === "ones" ? "ones" : t.type === "eye" ? "eye" : "zero");
/** `+ \text{const}` ends a formula given up to a constant: a scalar the other symbols do not depend on. */
const CONSTANT_WORDS = new Set(["const", "const.", "constant", "constant."]);
export function word(t: GTok): Expr {
  if (CONSTANT_WORDS.has((t.words ?? t.value).trim())) return A.sym("const", "scalar", "\\text{const}");
  const e = A.text(t.words ?? t.value);
  if (!wordLocs.has(e.text)) wordLocs.set(e.text, t.loc);
  return e;
}
export const dotsArg = (): Expr => A.dots();
/** `\mathrm{d}(A B)`: the differential of the matrix-differential method (rules use it). */
export const differential = (g: Group): Expr => A.diff(groupExpr(g));
/** `f(\cdot)`: the argument slot of a function named without its argument. */
export const placeholder = (_t: GTok): Expr => A.sym("\u2022", "unknown", "\\cdot");
export function matrix(t: GTok): Expr {
  const entry = (c: readonly GTok[]) => subParse(c) ?? cellParse(c) ?? bad(t.loc, "matrix entry not understood");
  const cells = (t.cells ?? []).map((row) =>
    A.apply(
      opSym("row"),
      row.map((c) =>
        c.length === 0 ? A.num(0) : c[0].type === "tword" && separatorWord(c[0].value) ? condition(c) : entry(c),
      ),
    ),
  );
  return A.apply(opSym(t.value.replace(/\*$/, "")), cells);
}
/**
 * The condition of a `cases` row (`\text{if } x > 0`, `\text{otherwise}`): the formula after the word, or, when words
 * remain (`\text{if } (h,w) \text{ was the max}`), the whole condition as words, never multiplied into math.
 */
function condition(c: readonly GTok[]): Expr {
  const rest = c.slice(1);
  // a word keeps its spaces as written (`\text{ was the max}`), so the printed text reads back the same
  const asWords = () => A.text(c.map((x) => (x.type === "tword" ? (x.words ?? x.value) : x.text)).join(" "));
  if (rest.length === 0 || rest.some((x) => x.type === "tword")) return asWords();
  return subParse(rest) ?? cellParse(rest) ?? asWords();
}
export const group = (open: GTok, args: readonly Expr[]): Group => ({ open, args });
export const groupExpr = (g: Group): Expr => (g.args.length === 1 ? g.args[0] : A.apply(opSym("tuple"), g.args));
export const given = (a: Expr, b: Expr): Expr => A.apply(opSym("given"), [a, b]);
export const inlineRel = (a: Expr, r: GTok, b: Expr): Expr => A.apply(A.sym(r.value, "unknown", r.value), [a, b]);
export const sqrt = (x: Expr): Expr => A.op("sqrt", [x]);
export const root = (n: Expr, x: Expr): Expr =>
  n.k === "num" ? A.op("pow", [x], 1 / n.value) : A.apply(opSym("root"), [n, x]);
export const norm = (_t: GTok, x: Expr): Expr => A.op("norm", [x]);
// |x| (attr 1) is read only of a scalar (src/ops/abs.ts); ‖x‖₂ keeps its subscript (attr 2, src/ops/norm.ts)
export const abs = (_t: GTok, x: Expr): Expr => A.op("abs", [x], 1);
export const binom = (a: Expr, b: Expr): Expr => A.apply(opSym("binom"), [a, b]);
export function angle(t: GTok, args: readonly Expr[]): Expr {
  if (args.length === 2) return A.pair(args[0], args[1]);
  return A.apply(opSym("expectation"), args);
}

/** Conventional names of functions: `f(x)` is an application, `W(x + b)` a product. */
function looksLikeFunction(name: string): boolean {
  return (
    /^(f|g|h|p|q|r|k|E|L|P|F|G|H|N|K|Q|R|U|V|ell|phi|psi|varphi|mathcal.*)(_.*)?$/.test(name) ||
    /(Function|Func|Dist|Samp|Cdf|Pdf|Likelihood|Loss|Kernel|Prob|Fn)$/.test(name.split("_")[0])
  );
}
/** φ, ψ in any font (`\boldsymbol{\phi}`, a macro such as `\basisVector` that expands to one) name functions. */
const FUNCTION_LETTER = /^(\\(boldsymbol|mathbf|bm|mathbold|mathit)\s*\{\s*)?\\(phi|varphi|psi)\s*\}?$/;
export function call(t: GTok, g: Group): Expr {
  const f = symbol(t) as A.Sym;
  // a name in upright text (`\operatorname{MLP}(x)`, `\operatorname{Var}[x]`) is a function, and a word is never a
  // factor (`O(\text{width})`)
  const named = /^\\(operatorname|text|mathrm)/.test(t.text) && t.sym?.latex.startsWith("\\operatorname{");
  if (named) return A.apply(f, g.args);
  if (g.open.type === "lbrack") return A.apply(opSym("index"), [f, ...g.args]);
  if (
    g.args.length !== 1 ||
    isWord(g.args[0]) ||
    looksLikeFunction(f.name) ||
    FUNCTION_LETTER.test(t.text) ||
    g.args.some((a) => a.k === "dots")
  )
    return A.apply(f, g.args);
  const product = A.op("mul", [f, g.args[0]]);
  callProducts.add(product);
  return product;
}

function opCall(t: GTok, scripts: readonly Script[], args: readonly Expr[]): Expr {
  const def = getOp(t.value);
  if (def.name === "max" || def.name === "min") {
    // only the largest (smallest) entry of one vector; \max(0, x) = \max(x, 0) is ReLU(x)
    if (scripts.some((s) => s.kind === "_")) return bad(t.loc, notSupported(`${t.text}_{…} over an index`));
    const zero = args.findIndex((a) => a.k === "num" && a.value === 0);
    if (def.name === "max" && args.length === 2 && zero >= 0) return postfix(A.op("relu", [args[1 - zero]]), scripts);
    if (args.length !== 1) return bad(t.loc, notSupported(`${t.text} of ${args.length} arguments`));
  }
  let extra: Expr[] = [];
  const post: Script[] = [];
  let attr: number | undefined;
  for (const s of scripts) {
    const sub = s.kind === "_" && def.subscriptAttr ? subParse(s.toks) : null;
    if (sub && sub.k === "num") {
      attr = sub.value;
      continue;
    }
    if (s.kind === "_" && def.name === "layernorm") {
      const eps = subParse(s.toks);
      if (!eps) return bad(t.loc, "layer-norm ε not understood");
      extra = [eps];
    } else post.push(s);
  }
  if (def.arity !== "n" && args.length !== def.arity)
    return bad(t.loc, `${t.text} takes ${def.arity} argument${def.arity === 1 ? "" : "s"}, got ${args.length}`);
  return postfix(A.op(def.name, [...args, ...extra], attr), post);
}
export const fnCall = (t: GTok, scripts: readonly Script[], g: Group) => opCall(t, scripts, g.args);
export const fnApply = (t: GTok, scripts: readonly Script[], arg: Expr) => opCall(t, scripts, [arg]);

// ---- scripts
export const script = (kind: Script["kind"], toks: readonly GTok[]): Script => ({ kind, toks });
const isIndexSym = (t: GTok) => t.type === "sym" && /^[ijklmnpqrst]$/.test(t.value);

/** `x^{{*}}` is `x^{*}`: a script that is one braced group means its content. */
function unwrap(toks: readonly GTok[]): readonly GTok[] {
  while (toks.length >= 2 && toks[0].type === "lbrace" && toks[toks.length - 1].type === "rbrace") {
    let depth = 0,
      closesAt = -1;
    for (let j = 0; j < toks.length && closesAt < 0; j++) {
      if (toks[j].type === "lbrace") depth++;
      else if (toks[j].type === "rbrace" && --depth === 0) closesAt = j;
    }
    if (closesAt !== toks.length - 1) break;
    toks = toks.slice(1, -1);
  }
  return toks;
}

export function postfix(base: Expr, scripts: readonly Script[]): Expr {
  let e = base;
  for (const s0 of scripts) {
    const s = s0.kind === "^" || s0.kind === "_" ? script(s0.kind, unwrap(s0.toks)) : s0;
    if (callProducts.has(e) && e.k === "op") {
      e = A.op("mul", [e.args[0], postfix(e.args[1], [s])]);
      continue;
    }
    e =
      s.kind === ":"
        ? A.op("vec", [e])
        : s.kind === "'"
          ? prime(e)
          : s.kind === "_"
            ? subscript(e, s.toks)
            : superscript(e, s.toks);
  }
  return e;
}
function prime(e: Expr): Expr {
  return e.k === "sym" ? A.sym(`${e.name}_prime`, e.hint, `${e.latex}'`) : A.apply(opSym("prime"), [e]);
}
function topSplit(toks: readonly GTok[], sep: (t: GTok) => boolean): GTok[][] {
  const parts: GTok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.type === "lbrace" || t.type === "lparen" || t.type === "lbrack") depth++;
    if (t.type === "rbrace" || t.type === "rparen" || t.type === "rbrack") depth--;
    if (depth === 0 && sep(t)) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}
function subscript(e: Expr, toks: readonly GTok[]): Expr {
  const loc = toks[0]?.loc;
  if (!loc) return e;
  const hasSep = toks.some((t) => t.type === "comma" || t.type === "colon");
  const index = (p: GTok[]) =>
    p.length === 0 || (p.length === 1 && p[0].type === "colon")
      ? null
      : (subParse(p) ?? bad(loc, "index not understood"));
  if (hasSep) {
    const parts = topSplit(toks, (t) => t.type === "comma");
    if (parts.length === 2) return A.slice(e, index(parts[0]), index(parts[1]));
    if (parts.length === 1 && toks.length === 1) return A.slice(e, null, null);
  }
  if (A.isOp(e, "norm")) {
    const w = toks.map((t) => t.value).join("");
    if (w === "F") return A.op("frob", e.args);
    if (w === "2") return A.op("norm", e.args, 2);
    if (w === "1") return A.op("norm1", e.args);
    if (w === "\\infty") return A.op("norminf", e.args);
    return bad(loc, notSupported(`\\|\\cdot\\|_{${toks.map((t) => t.text).join(" ")}}`));
  }
  // e_{arg max x}: the unit vector at the largest entry (e_{arg min x} = e_{arg max (−x)})
  if (e.k === "sym" && e.name === "e" && (toks[0].value === "\\argmax" || toks[0].value === "\\argmin")) {
    const x = subParse(toks.slice(1));
    if (!x) return bad(loc, "subscript not understood");
    return A.op("argmaxind", [toks[0].value === "\\argmax" ? x : neg(x)]);
  }
  if (e.k === "sym") {
    if (
      e.hint === "matrix" &&
      toks.length === 2 &&
      isIndexSym(toks[0]) &&
      isIndexSym(toks[1]) &&
      !/[A-Z]/.test(toks[0].value)
    )
      return A.slice(e, symbol(toks[0]), symbol(toks[1]));
    // ℓ−1 and ℓ+1 are different layers: the sign is part of the name (h_ellm1, h_ellp1), never dropped
    const nm = toks
      .map((t) =>
        t.sym
          ? t.sym.name
          : t.type === "num"
            ? t.value
            : t.type === "minus"
              ? "m"
              : t.type === "plus"
                ? "p"
                : t.type === "cmd"
                  ? t.value.slice(1)
                  : t.type === "tword"
                    ? t.value.replace(/[^A-Za-z0-9]/g, "")
                    : "",
      )
      .join("");
    if (nm) {
      const latex = `${e.latex}_{${toks.map((t) => t.sym?.latex ?? t.text).join(" ")}}`;
      return A.sym(`${e.name}_${nm}`, e.hint, latex);
    }
  }
  // \mathbf{I}_m, \eye_{n}: the identity of that size (the size itself comes from the shapes around it)
  if (e.k === "const" && e.which === "eye" && toks.length === 1 && (toks[0].sym || toks[0].type === "num")) return e;
  const idx = subParse(toks);
  // \eye_{d_\ell}: a subscripted dimension name sizes the identity too (a row of I would be written I_{i,:})
  if (idx && idx.k === "sym" && e.k === "const" && e.which === "eye") return e;
  return idx ? A.slice(e, idx, null) : bad(loc, "subscript not understood");
}
function superscript(e: Expr, toks: readonly GTok[]): Expr {
  const loc = toks[0]?.loc;
  if (!loc) return e;
  const w = toks.map((t) => t.value).join("");
  if (w === "\\top" || w === "T" || w === "\\intercal" || w === "\\mathsf{T}" || (w === "t" && e.k !== "sym"))
    return A.op("transpose", [e]);
  if (w === "-1") return A.op("inv", [e]);
  if (w === "-\\top" || w === "-T") return A.op("inv", [A.op("transpose", [e])]);
  if (w === "*" || w === "\\ast" || w === "\\star" || w === "\\prime" || w === "\\dagger" || w === "+") {
    const tag = w === "\\prime" ? "prime" : w === "\\dagger" || w === "+" ? "pinv" : "star";
    return e.k === "sym" ? A.sym(`${e.name}_${tag}`, e.hint, `${e.latex}^{${w}}`) : A.apply(opSym(tag), [e]);
  }
  if (toks[0].value === "\\circ") {
    const p = subParse(toks.slice(1));
    if (!p) return bad(loc, "entrywise power not understood");
    const n = numeric(p);
    return n !== undefined ? A.op("epow", [e], n) : A.apply(opSym("epow"), [e, p]);
  }
  if (toks[0].type === "lparen" && e.k === "sym") {
    // a layer or sample superscript names a symbol: \mathbf{W}^{(\ell)} → W_l
    const nm = toks.map((t) => t.sym?.name ?? (t.type === "num" ? t.value : "")).join("");
    return A.sym(`${e.name}_${nm}`, e.hint, `${e.latex}^{${w}}`);
  }
  const p = subParse(toks);
  if (!p) return bad(loc, `superscript ${w.length > 40 ? `${w.slice(0, 40)}…` : w} not understood`);
  const n = numeric(p);
  if (e.k === "sym" && e.name === "e" && (e.latex === "e" || e.latex === "\\mathrm{e}")) return A.op("exp", [p]);
  if (n !== undefined) return A.op("pow", [e], n);
  return A.apply(opSym("pow"), [e, p]);
}
function numeric(p: Expr): number | undefined {
  if (p.k === "num") return p.value;
  if (A.isOp(p, "neg")) {
    const v = numeric(p.args[0]);
    return v === undefined ? undefined : -v;
  }
  if (A.isOp(p, "ediv")) {
    const a = numeric(p.args[0]),
      b = numeric(p.args[1]);
    return a !== undefined && b !== undefined ? a / b : undefined;
  }
  return undefined;
}

// ---- big operators
export function bigop(t: GTok, scripts: readonly Script[]): BigOp {
  let index = "",
    lo: Expr | undefined,
    hi: Expr | undefined;
  for (const s of scripts) {
    if (s.kind === "_") {
      const parts = topSplit(s.toks, (x) => x.type === "rel" && x.value === "=");
      index = parts[0].map((x) => x.sym?.name ?? x.value).join("");
      if (parts.length > 1) lo = subParse(parts[1]) ?? bad(t.loc, "lower limit not understood");
    } else if (s.kind === "^") hi = subParse(s.toks) ?? bad(t.loc, "upper limit not understood");
  }
  // the operator as written, scripts included (`\max_{i,j \in \mathcal{P}}`): the index keeps only names
  const written =
    t.text +
    scripts
      .filter((s) => s.kind === "_" || s.kind === "^")
      .map((s) => `${s.kind}{${s.toks.map((x) => x.sym?.latex ?? x.text).join(" ")}}`)
      .join("");
  return { tok: t, index, ...(lo ? { lo } : {}), ...(hi ? { hi } : {}), written };
}
export function big(b: BigOp, body: Expr): Expr {
  // \sum_{i,j} is \sum_i \sum_j (limits, if any, apply to each index)
  if (b.tok.value === "\\sum" && /^[A-Za-z]+(,[A-Za-z]+)+$/.test(b.index))
    return b.index.split(",").reduceRight((acc, ix) => A.sumIdx(ix, acc, b.lo, b.hi), body);
  if (b.tok.value === "\\sum") return A.sumIdx(b.index, body, b.lo, b.hi);
  if (b.tok.value === "\\argmax" || b.tok.value === "\\argmin") return bad(b.tok.loc, notSupported(b.tok.text));
  const name = `${b.tok.value.slice(1)}${b.index ? "_" + b.index : ""}`;
  return A.apply(A.sym(name, "unknown", b.written), [...(b.lo ? [b.lo] : []), ...(b.hi ? [b.hi] : []), body]);
}

// ---- derivatives
export function order(toks: readonly GTok[]): number {
  const n = Number(toks.map((t) => t.value).join(""));
  return Number.isInteger(n) && n > 0 ? n : 1;
}
const HOLE = () => A.sym("\u2022", "unknown", "\\cdot");
/** The missing left side of a continuation row (`= \ldots` in an aligned block). */
export const hole = (): Expr => HOLE();
export function derivative(_f: GTok, num: { mark: DMark; of: Expr | null }, den: readonly Expr[]): Expr {
  let wrt = [...den];
  const ord = num.mark.order;
  if (ord > 1 && wrt.length === 1) {
    const w = wrt[0];
    wrt = A.isOp(w, "pow") && w.attr === ord ? Array(ord).fill(w.args[0]) : Array(ord).fill(w);
  }
  return A.deriv(num.of ?? HOLE(), wrt, ord, num.mark.tok.type === "dd");
}
export function derivOp(op: Expr, body: Expr): Expr {
  return op.k === "deriv" ? A.deriv(body, op.wrt, op.order, op.upright) : body;
}
