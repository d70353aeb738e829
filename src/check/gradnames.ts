// Names a lecture gives to gradients. "Let g_ℓ = ∂L/∂f_ℓ" introduces a name: a claim that uses g_ℓ uses ∂L/∂f_ℓ,
// and a later statement g_ℓ = φ′(f_ℓ) ⊙ (W_{ℓ+1}ᵀ g_{ℓ+1}) is a claim about that gradient (the recursion of
// backpropagation), not a second definition.
import * as A from "../ast/index.js";
import type { Deriv, Expr } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";

/** g ↦ ∂L/∂z for every definition `g = ∂L/∂z` (first order, one variable). */
export function gradientNames(doc: Document): Map<string, Deriv> {
  const out = new Map<string, Deriv>();
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind !== "definition" || s.params.length || s.rhs.k !== "deriv") continue;
    if (s.rhs.order === 1 && s.rhs.wrt.length === 1 && !out.has(s.lhs.name)) out.set(s.lhs.name, s.rhs);
  }
  return out;
}

/** `e` with every gradient name replaced by the gradient it names. */
export function withGradientNames(e: Expr, names: ReadonlyMap<string, Deriv>): Expr {
  if (names.size === 0) return e;
  return A.mapExpr(e, (x) => (x.k === "sym" ? names.get(x.name) ?? x : x));
}

const views = new WeakMap<Document, Document>();

/**
 * The document with every redefinition of a gradient name (after `g = ∂L/∂z`, a statement `g = expr` without a
 * derivative) read as the claim ∂L/∂z = expr at the same place; the document itself when there is none.
 */
export function recursionClaims(doc: Document): Document {
  const hit = views.get(doc);
  if (hit) return hit;
  const names = gradientNames(doc);
  let changed = false;
  const statements = doc.statements.map((r): StmtRecord => {
    const s = r.statement;
    const g = s.kind === "definition" && !s.params.length ? names.get(s.lhs.name) : undefined;
    if (s.kind !== "definition" || !g || s.rhs === g || A.some(s.rhs, (x) => x.k === "deriv" || x.k === "dots")) return r;
    changed = true;
    return { ...r, statement: { kind: "claim", loc: s.loc, deriv: g, rhs: s.rhs, chain: false } };
  });
  const out = changed ? { ...doc, statements } : doc;
  views.set(doc, out);
  return out;
}
