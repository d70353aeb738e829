// The stable forms of rules/stable.rules (log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z),
// log softmax(z) = logsoftmax(z)), then the computing forms of rules/kernel.rules (1 − σ(z) = σ(−z),
// log 1ᵀexp(x) by log-softmax), applied to a formula before a kernel or the reference evaluator computes it:
// the value is the same, but no logarithm is taken of a value that underflows and no 1 − σ cancels to 0.
// Comments keep the source formula.
import type { Expr } from "../ast/index.js";
import { Rewriter } from "../rewrite/engine.js";
import { rulesOf } from "../rewrite/rules.js";
import type { MatchCtx } from "../rewrite/pattern.js";

const rewriters = new WeakMap<MatchCtx, [Rewriter, Rewriter]>();

export function stableForm(e: Expr, ctx: MatchCtx): Expr {
  let r = rewriters.get(ctx);
  if (!r) {
    r = [new Rewriter(rulesOf("stable"), ctx), new Rewriter(rulesOf("kernel"), ctx)];
    rewriters.set(ctx, r);
  }
  return r[1].run(r[0].run(e, []), []);
}
