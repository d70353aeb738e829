// A chain statement about quantities the lecture never defines (dy/dx = dy/du du/dx, a generic network
// df_L/dw = df_L/df_{L-1} ⋯ df_1/dw): there is no derivation to evaluate, but the claim is the chain rule for
// the composition it names exactly when its factors link, numerator to denominator, from y to x —
// y = y(u), u = u(x) gives dy/dx = (dy/du)(du/dx) for Jacobians (numerator layout: y ∈ ℝᵐ, x ∈ ℝⁿ, m×n), and
// the same factors in reverse order in denominator layout. Products associate, so parentheses do not matter.
// An ellipsis (⋯) between du_a/… and …/du_b stands for the links from u_a to u_b, both of one indexed
// family (f_{L-3} ⋯ f_3); an ellipsis between factors that already link stands for nothing (elided brackets).
// Used only when no quantity of the chain is defined in the lecture: a definition could add a second path
// from y to x (X in Q, K and V), which the numeric chain check (./jacobian.ts) sees and this one cannot.
import type { Expr, Deriv, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { printExpr } from "../render/latex.js";
import { Unverifiable, type ClaimResult } from "./types.js";
import type { Claim } from "./setup.js";

type Body = Omit<ClaimResult, "loc" | "claim">;
type Factor = Deriv | "dots";

/** The factors of a product in order, brackets dropped; null when one is neither a derivative nor ⋯. */
function chainFactors(e: Expr): Factor[] | null {
  if (e.k === "op" && e.op === "mul") {
    const out: Factor[] = [];
    for (const a of e.args) {
      const f = chainFactors(a);
      if (!f) return null;
      out.push(...f);
    }
    return out;
  }
  if (e.k === "dots") return ["dots"];
  if (e.k === "deriv" && e.order === 1 && e.wrt.length === 1) return [e];
  return null;
}

/** f_{L-3} and f_3 are one indexed family (same symbol, different subscripts). */
function family(a: Expr, b: Expr): boolean {
  const base = (x: Expr) => (x.k === "sym" ? /^(.+?)_.+$/.exec(x.name)?.[1] : undefined);
  const ba = base(a);
  return ba !== undefined && ba === base(b);
}

/** Where the chain from `from` through the factors to `to` breaks, or null when it links. */
function breakOf(from: Expr, fs: readonly Factor[], to: Expr, next: (d: Deriv) => [Expr, Expr]): string | null {
  let at = from,
    gap = false;
  for (const f of fs) {
    if (f === "dots") {
      gap = true;
      continue;
    }
    const [num, den] = next(f);
    if (num !== at && !(gap && family(at, num)))
      return `${printExpr(f)} does not continue the chain at ${printExpr(at)}`;
    at = den;
    gap = false;
  }
  if (at !== to && !(gap && family(at, to))) return `the chain ends at ${printExpr(at)}, not at ${printExpr(to)}`;
  return null;
}

/** The quantities a chain mentions (numerators and denominators). */
function quantities(fs: readonly Factor[]): Expr[] {
  return fs.flatMap((f) => (f === "dots" ? [] : [f.of, f.wrt[0]]));
}

/** Names the document defines (a definition's left side is a symbol: E(w) = … defines E); one pass per document. */
const definedCache = new WeakMap<Document, Set<string>>();
function definedNames(doc: Document): Set<string> {
  let s = definedCache.get(doc);
  if (!s) {
    s = new Set(doc.statements.flatMap(({ statement: t }) => (t.kind === "definition" ? [t.lhs.name] : [])));
    definedCache.set(doc, s);
  }
  return s;
}

/** The links [numerator, denominator] of a chain of symbols from y to x, in either layout, or where it breaks. */
export function chainLinks(y: Sym, rhs: Expr, x: Sym): [Sym, Sym][] | string {
  const fs = chainFactors(rhs);
  if (!fs || fs.includes("dots")) return "its factors are not all derivatives";
  const ds = fs as Deriv[];
  if (ds.some((d) => d.of.k !== "sym" || d.wrt[0].k !== "sym"))
    return "a factor is not a derivative of one symbol by another";
  const walk = (order: readonly Deriv[]): [Sym, Sym][] | string => {
    let at = y.name;
    const out: [Sym, Sym][] = [];
    for (const d of order) {
      const [u, v] = [d.of as Sym, d.wrt[0] as Sym];
      if (u.name !== at) return `${printExpr(d)} does not continue the chain at ${printExpr(out.at(-1)?.[1] ?? y)}`;
      out.push([u, v]);
      at = v.name;
    }
    return at === x.name ? out : `the chain ends at ${printExpr(out.at(-1)?.[1] ?? y)}, not at ${printExpr(x)}`;
  };
  const num = walk(ds);
  if (typeof num !== "string") return num;
  const den = walk([...ds].reverse());
  return typeof den === "string" ? num : den;
}

/** The chain rule as a structural check, or null when the claim is not a chain of undefined quantities. */
export function abstractChain(doc: Document, s: Claim): Body | null {
  const fs = chainFactors(s.rhs);
  if (!fs || fs.filter((f) => f !== "dots").length < 2) return null;
  const y = s.deriv.of,
    x = s.deriv.wrt[0];
  const all = [y, x, ...quantities(fs)];
  const names = new Set(all.flatMap((q) => (q.k === "sym" ? [q.name] : [])));
  if (all.some((q) => q.k !== "sym")) return null;
  const defined = [...names].some((n) => definedNames(doc).has(n));
  if (defined) return null;
  const numerator = breakOf(y, fs, x, (d) => [d.of, d.wrt[0]]);
  const denominator = numerator ? breakOf(y, [...fs].reverse(), x, (d) => [d.of, d.wrt[0]]) : numerator;
  const dots = fs.includes("dots") ? " (⋯ stands for the links between the factors either side of it)" : "";
  const scope =
    "; the lecture defines none of these quantities, so the chain's structure is what is checked, for any differentiable functions composed this way";
  if (!numerator || !denominator)
    return {
      verdict: "correct",
      reason: `the chain rule: the factors link ${printExpr(y)} to ${printExpr(x)}${dots}${!numerator ? "" : " in denominator layout (each factor ∂u/∂v by the one after it read right to left)"}${scope}`,
      derived: null,
      diagnoses: [],
      notes: numerator ? ["denominator layout"] : [],
    };
  throw new Unverifiable(
    `a chain of quantities the lecture does not define, and it is not the chain rule as written: ${numerator}`,
  );
}
