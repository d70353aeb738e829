// Names a lecture gives to gradients. "Let g_ℓ = ∂L/∂f_ℓ" introduces a name: a claim that uses g_ℓ uses ∂L/∂f_ℓ,
// and a later statement g_ℓ = φ′(f_ℓ) ⊙ (W_{ℓ+1}ᵀ g_{ℓ+1}) is a claim about that gradient (the recursion of
// backpropagation), not a second definition.
import * as A from "../ast/index.js";
import type { Deriv, Expr } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { layerRef, atLayerOf } from "./layers.js";

const exprsIn = (s: Statement): Expr[] =>
  s.kind === "claim"
    ? [s.deriv, s.rhs]
    : s.kind === "definition"
      ? [s.lhs, s.rhs]
      : s.kind === "expression"
        ? [s.expr]
        : [];

const named = new WeakMap<readonly StmtRecord[], ReadonlyMap<string, Deriv>>();

/** g ↦ ∂L/∂z for every definition `g = ∂L/∂z` (first order, one variable); once per statement list (every claim
 * asks, and a scan per claim made check quadratic in the document's length). */
export function gradientNames(doc: Document): ReadonlyMap<string, Deriv> {
  let hit = named.get(doc.statements);
  if (!hit) named.set(doc.statements, (hit = findGradientNames(doc)));
  return hit;
}

function findGradientNames(doc: Document): Map<string, Deriv> {
  const out = new Map<string, Deriv>();
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind !== "definition" || s.params.length || s.rhs.k !== "deriv") continue;
    if (s.rhs.order === 1 && s.rhs.wrt.length === 1 && !out.has(s.lhs.name)) out.set(s.lhs.name, s.rhs);
  }
  // g_ℓ = ∂E/∂f_ℓ names g_L and g_1 too (∂E/∂f_L, ∂E/∂f_1), as every other layer of the family
  for (const [name, g] of [...out]) {
    const m = /^(.+)_ell$/.exec(name);
    if (!m) continue;
    const layers = new Set<string>();
    for (const r of doc.statements)
      for (const e of exprsIn(r.statement))
        A.some(e, (x) => {
          if (x.k === "sym" && x.name.startsWith(`${m[1]}_`)) layers.add(x.name);
          return false;
        });
    for (const n of layers) {
      const ref = out.has(n) ? null : layerRef(A.sym(n, "unknown", n));
      if (!ref || ref.at === "generic" || ref.base !== m[1]) continue;
      let ok = true;
      const d = A.mapExpr(g, (x) => {
        if (x.k !== "sym" || layerRef(x)?.at !== "generic") return x;
        const y = atLayerOf(x, ref);
        if (!y) ok = false;
        return y ?? x;
      });
      if (ok && d.k === "deriv") out.set(n, d);
    }
  }
  return out;
}

/** `e` with every gradient name replaced by the gradient it names. */
export function withGradientNames(e: Expr, names: ReadonlyMap<string, Deriv>): Expr {
  if (names.size === 0) return e;
  return A.mapExpr(e, (x) => (x.k === "sym" ? (names.get(x.name) ?? x) : x));
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
    if (s.kind !== "definition" || !g || s.rhs === g || A.some(s.rhs, (x) => x.k === "deriv" || x.k === "dots"))
      return r;
    changed = true;
    return { ...r, statement: { kind: "claim", loc: s.loc, deriv: g, rhs: s.rhs, chain: false } };
  });
  const out = changed ? { ...doc, statements } : doc;
  views.set(doc, out);
  return out;
}
