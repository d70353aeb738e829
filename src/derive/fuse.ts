// Stable forms across definitions, for what kernels compute. With p = σ(X w) and L = −yᵀ log p − (1 − y)ᵀ log(1 − p),
// no stable rule sees log σ(·) inside one definition, so a kernel would take log(σ(z)) of a σ that underflows (−∞, and
// a gradient ∂L/∂p = −y ⊘ p that divides by 0). Fusing inlines a definition into one use of it exactly where a rule
// of rules/stable.rules or rules/kernel.rules then fires across the boundary (log p → log σ(X w) → −softplus(−X w));
// every other use keeps the name. Definitions are fused in dependency order, so chains fuse too (q = 1 − p,
// L = log q). The fused definitions have the same values; only the derivation for kernels uses them.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import { Rewriter } from "../rewrite/engine.js";
import { rulesOf } from "../rewrite/rules.js";
import type { MatchCtx } from "../rewrite/pattern.js";
import type { Definition } from "./graph.js";

type Path = readonly number[];

/** The positions of a symbol in an expression (not under a summation binding the same name). */
function occurrences(e: Expr, name: string, at: number[] = [], out: Path[] = []): Path[] {
  if (e.k === "sym") {
    if (e.name === name) out.push([...at]);
    return out;
  }
  if (e.k === "sumidx" && e.index === name) return out;
  A.children(e).forEach((c, i) => {
    at.push(i);
    occurrences(c, name, at, out);
    at.pop();
  });
  return out;
}
function replaceAt(e: Expr, path: Path, by: Expr): Expr {
  if (path.length === 0) return by;
  const cs = [...A.children(e)];
  cs[path[0]] = replaceAt(cs[path[0]], path.slice(1), by);
  return A.withChildren(e, cs);
}
function refold(e: Expr, forms: ReadonlySet<Expr>, s: Sym): Expr {
  if (forms.has(e)) return s;
  const cs = A.children(e);
  return cs.length
    ? A.withChildren(
        e,
        cs.map((c) => refold(c, forms, s)),
      )
    : e;
}

/** The forward definitions with each stabilising use of another definition inlined (the same array if none). */
export function fuseStable(forward: readonly Definition[], ctx: MatchCtx): readonly Definition[] {
  // fresh rewriters: their step budget counts every run
  const rules = [...rulesOf("stable"), ...rulesOf("kernel")];
  const stable = (e: Expr) => new Rewriter(rules, ctx).run(e, []);
  const byName = new Map<string, Definition>();
  let changed = false;
  const out = forward.map((d) => {
    let rhs = d.rhs;
    for (let guard = 0; guard < 64; guard++) {
      const base = stable(rhs);
      let next: Expr | undefined;
      for (const s of A.symbolsOf(rhs).values()) {
        const def = byName.get(s.name);
        if (!def) continue;
        const forms = new Set([def.rhs, stable(def.rhs)]);
        for (const p of occurrences(rhs, s.name)) {
          const cand = replaceAt(rhs, p, def.rhs);
          if (refold(stable(cand), forms, def.lhs) !== base) {
            next = cand;
            break;
          }
        }
        if (next) break;
      }
      if (!next) break;
      rhs = next;
    }
    const fused = rhs === d.rhs ? d : { ...d, rhs };
    if (fused !== d) changed = true;
    byName.set(d.lhs.name, fused);
    return fused;
  });
  if (!changed) return forward;
  // definitions no longer used on the way to the output are dropped
  const need = new Set([out[out.length - 1].lhs.name]);
  for (const d of [...out].reverse()) if (need.has(d.lhs.name)) for (const s of A.symbolsOf(d.rhs).keys()) need.add(s);
  return out.filter((d) => need.has(d.lhs.name));
}
