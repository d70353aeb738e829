// Derivative spellings of textbooks, rewritten on normalised tokens into the grammar's own forms before parsing:
//   \frac{df}{dx}, \frac{d}{dx} f          plain d as the upright d (when both numerator and denominator start with it)
//   \partial f / \partial x, df/dx          → \frac{\partial f}{\partial x}
//   \nabla_{\mathbf{w}} E, \partial_{\mathbf{w}} E  → \frac{\partial}{\partial \mathbf{w}} E
//   \nabla_{\mathbf{w}}^2 E, \nabla^2 f     → \frac{\partial^2}{\partial \mathbf{w}} E (the Hessian)
//   \nabla f(\mathbf{x})                    → \frac{\partial}{\partial \mathbf{x}} f(\mathbf{x}) (by the function's argument)
//   \nabla f                                → by a placeholder, resolved by `check` (the one input f depends on)
//   \mathrm{d}L, \mathrm{d}\mathbf{x}^\top  → \mathrm{d}(L), \mathrm{d}(\mathbf{x})^\top (the differential, outside derivatives)
import type { GTok, GType } from "./tokens.js";

/** The name of the placeholder by which `\nabla f` (no subscript, no argument) differentiates. */
export const NABLA_HOLE = "\u2207\u2022";

const tok = (type: GType, value: string, at: GTok, extra: Partial<GTok> = {}): GTok => ({
  type,
  value,
  loc: at.loc,
  text: value,
  ...extra,
});
const isPlainD = (t: GTok | undefined) => t?.type === "sym" && t.text === "d" && t.sym?.name === "d";
const isMark = (t: GTok | undefined) =>
  t !== undefined && ((t.type === "cmd" && t.value === "\\partial") || t.type === "dd");
const OPEN = new Set<GType>(["lbrace", "lparen", "lbrack"]),
  CLOSE = new Set<GType>(["rbrace", "rparen", "rbrack"]);

/** The index after the balanced group opening at `i` (a single token when it opens none). */
function after(toks: readonly GTok[], i: number): number {
  if (!OPEN.has(toks[i]?.type)) return i + 1;
  for (let j = i, d = 0; j < toks.length; j++) {
    if (OPEN.has(toks[j].type)) d++;
    else if (CLOSE.has(toks[j].type) && --d === 0) return j + 1;
  }
  return toks.length;
}

/** The end of a factor starting at `i`: a symbol (or braced group) with its scripts and a call's parentheses. */
function factorEnd(toks: readonly GTok[], i: number, calls = true): number {
  const t = toks[i];
  if (!t || !(t.type === "sym" || t.type === "fsym" || t.type === "lbrace")) return -1;
  let j = after(toks, i);
  if (calls && t.type === "fsym" && toks[j]?.type === "lparen") j = after(toks, j);
  for (;;) {
    const s = toks[j]?.type;
    if (s === "under" || s === "caret") j = after(toks, j + 1);
    else if (s === "prime") j++;
    else return j;
  }
}

/** `_{…}` and `^{…}` scripts at `i`, in either order: their tokens and the index after them. */
function scripts(toks: readonly GTok[], i: number): { sub?: GTok[]; sup?: GTok[]; end: number } {
  const out: { sub?: GTok[]; sup?: GTok[]; end: number } = { end: i };
  for (let j = i; ; ) {
    const s = toks[j]?.type;
    if ((s !== "under" && s !== "caret") || (s === "under" ? out.sub : out.sup)) {
      out.end = j;
      return out;
    }
    const e = after(toks, j + 1);
    const body = toks[j + 1]?.type === "lbrace" ? toks.slice(j + 2, e - 1) : toks.slice(j + 1, e);
    if (s === "under") out.sub = body;
    else out.sup = body;
    j = e;
  }
}

/** `\frac{\partial^k}{\partial {x}}` as tokens (k = 1 without the power). */
function operator(at: GTok, wrt: readonly GTok[], order: string | null): GTok[] {
  const mark = tok("cmd", "\\partial", at);
  return [
    tok("cmd", "\\frac", at),
    tok("lbrace", "{", at),
    mark,
    ...(order ? [tok("caret", "^", at), tok("num", order, at)] : []),
    tok("rbrace", "}", at),
    tok("lbrace", "{", at),
    mark,
    tok("lbrace", "{", at),
    ...wrt,
    tok("rbrace", "}", at),
    tok("rbrace", "}", at),
  ];
}

/** The order written as a superscript of ∇ or ∂ (`^2`), or null; anything else is not an order. */
const orderOf = (sup: readonly GTok[] | undefined): string | null | undefined =>
  sup === undefined
    ? null
    : sup.length === 1 && sup[0].type === "num" && /^[1-9]$/.test(sup[0].value)
      ? sup[0].value === "1"
        ? null
        : sup[0].value
      : undefined;

/** A single argument in `f( … )` starting at the parenthesis `i` (no top-level comma), or null. */
function soleArgument(toks: readonly GTok[], i: number): GTok[] | null {
  if (toks[i]?.type !== "lparen") return null;
  const e = after(toks, i);
  const inner = toks.slice(i + 1, e - 1);
  let d = 0;
  for (const t of inner) {
    if (OPEN.has(t.type)) d++;
    else if (CLOSE.has(t.type)) d--;
    else if (d === 0 && (t.type === "comma" || t.type === "semi")) return null;
  }
  return inner.length ? inner : null;
}

/** `\frac{d …}{d …}`: plain d becomes the upright d in the numerator's head and before each denominator factor. */
function plainFrac(toks: GTok[], i: number): void {
  if (!(toks[i].type === "cmd" && /^\\[dt]?frac$/.test(toks[i].value)) || toks[i + 1]?.type !== "lbrace") return;
  const e1 = after(toks, i + 1);
  if (toks[e1]?.type !== "lbrace") return;
  const e2 = after(toks, e1);
  const num = i + 2,
    den = e1 + 1;
  if (!isPlainD(toks[num]) || toks[num + 1]?.type === "under" || !isPlainD(toks[den])) return;
  const ds: number[] = [];
  for (let j = den, d = 0; j < e2 - 1; j++) {
    if (OPEN.has(toks[j].type)) d++;
    else if (CLOSE.has(toks[j].type)) d--;
    else if (d === 0 && isPlainD(toks[j]) && toks[j - 1]?.type !== "under" && toks[j - 1]?.type !== "caret") {
      if (factorEnd(toks, j + 1) < 0) return;
      ds.push(j);
    }
  }
  for (const j of [num, ...ds]) toks[j] = tok("dd", "d", toks[j], { text: "d" });
}

/** Is the frac whose group opens at `open` a derivative (its numerator starts with a mark)? */
function derivativeGroups(toks: readonly GTok[]): Set<number> {
  const inside = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    if (!(toks[i].type === "cmd" && /^\\[dt]?frac$/.test(toks[i].value)) || toks[i + 1]?.type !== "lbrace") continue;
    const e1 = after(toks, i + 1);
    if (!isMark(toks[i + 2]) || toks[e1]?.type !== "lbrace") continue;
    const e2 = after(toks, e1);
    for (let j = i + 1; j < e2; j++) inside.add(j);
  }
  return inside;
}

/** Rewrite the textbook spellings of derivatives in one statement's tokens (see the header). */
export function respell(input: readonly GTok[]): GTok[] {
  const toks = [...input];
  for (let i = 0; i < toks.length; i++) plainFrac(toks, i);
  let out: GTok[] = [];
  for (let i = 0; i < toks.length; ) {
    const t = toks[i];
    // \partial f / \partial x, \mathrm{d} f / \mathrm{d} x, d f / d x
    const mark = isMark(t) || isPlainD(t);
    if (mark) {
      const m1 = toks[i + 1]?.type === "caret" ? after(toks, i + 2) : i + 1;
      const f1 = factorEnd(toks, m1);
      if (f1 > 0 && toks[f1]?.type === "slash" && (isMark(toks[f1 + 1]) || (isPlainD(t) && isPlainD(toks[f1 + 1])))) {
        const m2 = f1 + 2,
          f2 = factorEnd(toks, m2, false);
        if (f2 > 0) {
          const mk = (x: GTok) => (isPlainD(x) ? tok("dd", "d", x) : x);
          out.push(
            tok("cmd", "\\frac", t),
            tok("lbrace", "{", t),
            mk(t),
            ...toks.slice(i + 1, f1),
            tok("rbrace", "}", t),
            tok("lbrace", "{", t),
            mk(toks[f1 + 1]),
            ...toks.slice(m2, f2),
            tok("rbrace", "}", t),
          );
          i = f2;
          continue;
        }
      }
    }
    // \nabla_{x}^2 f, \partial_{x} f
    const nabla = t.type === "sym" && t.sym?.name === "nabla";
    if (nabla || (t.type === "cmd" && t.value === "\\partial" && toks[i + 1]?.type === "under")) {
      const sc = scripts(toks, i + 1);
      const order = orderOf(sc.sup);
      if (order !== undefined && sc.sub && sc.sub.length) {
        out.push(...operator(t, sc.sub, order));
        i = sc.end;
        continue;
      }
      if (nabla && order !== undefined && !sc.sub) {
        // \nabla f(\mathbf{x}): by the argument; \nabla f: by the one input of f (resolved when checked)
        const f = toks[sc.end];
        const arg = f?.type === "fsym" ? soleArgument(toks, sc.end + 1) : null;
        const hole = tok("sym", NABLA_HOLE, t, {
          sym: { name: NABLA_HOLE, hint: "unknown", latex: "\\cdot" },
          text: "\\cdot",
        });
        out.push(...operator(t, arg ?? [hole], order));
        i = sc.end;
        continue;
      }
    }
    out.push(t);
    i++;
  }
  out = differentials(out);
  return out;
}

/** `\mathrm{d} X` outside a derivative's fraction is the differential `\mathrm{d}(X)`, as the rules write it. */
function differentials(toks: GTok[]): GTok[] {
  if (!toks.some((t) => t.type === "dd")) return toks;
  const skip = derivativeGroups(toks);
  const out: GTok[] = [];
  for (let i = 0; i < toks.length; ) {
    const t = toks[i];
    const e = t.type === "dd" && !skip.has(i) ? factorEnd(toks, i + 1) : -1;
    if (e < 0) {
      out.push(t);
      i++;
      continue;
    }
    // the scripts of the factor stay outside: d\mathbf{x}^\top is (d\mathbf{x})^\top
    let head = after(toks, i + 1);
    if (toks[i + 1].type === "fsym" && toks[head]?.type === "lparen") head = after(toks, head);
    while (toks[head]?.type === "under") head = after(toks, head + 1);
    out.push(t, tok("lparen", "(", t), ...toks.slice(i + 1, head), tok("rparen", ")", t));
    i = head;
  }
  return out;
}
