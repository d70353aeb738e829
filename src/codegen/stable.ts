// The stable forms of rules/stable.rules (log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z),
// log softmax(z) = logsoftmax(z)) applied to a formula before a kernel or the reference evaluator computes it:
// the value is the same, but no logarithm is taken of a value that underflows. Comments keep the source formula.
import type { Expr } from "../ast/index.js";
import { Rewriter } from "../rewrite/engine.js";
import { rulesOf } from "../rewrite/rules.js";
import type { MatchCtx } from "../rewrite/pattern.js";

const rewriters = new WeakMap<MatchCtx, Rewriter>();

export function stableForm(e: Expr, ctx: MatchCtx): Expr {
  let r = rewriters.get(ctx);
  if (!r) { r = new Rewriter(rulesOf("stable"), ctx); rewriters.set(ctx, r); }
  return r.run(e, []);
}
