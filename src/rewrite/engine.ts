// The rule engine: bottom-up rewriting to a fixpoint, bounded in steps, recording every application.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { match, substitute, hasDiff, type MatchCtx } from "./pattern.js";
import type { Rule } from "./rules.js";

export interface Step {
  readonly rule: string;
  readonly before: Expr;
  readonly after: Expr;
}

export class RewriteLimit extends Error {}

/** The deepest expression one rewrite may build: lecture formulas are a few dozen levels deep (the corpus's
 *  deepest is 19), a runaway rewrite reaches hundreds. */
export const MAX_DEPTH = 300;

export interface RewriteOptions {
  /** Most rule applications in one run (a bound on rewriting, never a hang). */
  readonly budget?: number;
  /** In the differentiate phase: d(E) of an expression free of these symbols is 0 (rule `d-const`). */
  readonly active?: ReadonlySet<string>;
  /** Whether an expression shape-checks: a rule is not applied where its instance does not (the premise of
   *  (A ⊗ B)(C ⊗ D) = AC ⊗ BD is that A, C and B, D conform; the shapes of a well-shaped instance say so). */
  readonly wellShaped?: (e: Expr) => boolean;
  /** Applied to every rule's result (the read-off sizes the constants a rule brings into the pairing). */
  readonly finish?: (e: Expr) => Expr;
}

/** The head of an expression as rules see it: the operation, and for d(·) and ⟨G, ·⟩ the head inside. */
function head(e: Expr, pattern: boolean): string {
  switch (e.k) {
    case "op":
      return `op:${e.op}`;
    case "apply":
      return pattern && (e.fn.name === "pow" || e.fn.name === "epow") ? `op:${e.fn.name}` : `apply:${e.fn.name}`;
    case "diff":
      return `d(${head(e.x, pattern)})`;
    case "pair":
      return `p(${head(e.e, pattern)})`;
    case "pvar":
      return "*";
    default:
      return e.k;
  }
}
/** A pattern head with `*` (a rule variable) fits any head in that place. */
const patterns = new Map<string, RegExp>();
function fits(pattern: string, key: string): boolean {
  if (!pattern.includes("*")) return pattern === key;
  let re = patterns.get(pattern);
  if (!re)
    patterns.set(
      pattern,
      (re = new RegExp(
        `^${pattern
          .split("*")
          .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      )),
    );
  return re.test(key);
}

/** Per rule list: the rules' heads and the candidates by expression head, shared by every Rewriter of that list. */
const indexes = new WeakMap<readonly Rule[], { heads: string[]; byKey: Map<string, Rule[]> }>();

export class Rewriter {
  private steps = 0;
  private readonly heads: string[];
  private readonly byKey: Map<string, Rule[]>;
  constructor(
    private readonly rules: readonly Rule[],
    private readonly ctx: MatchCtx,
    private readonly opts: RewriteOptions = {},
  ) {
    let ix = indexes.get(rules);
    if (!ix) indexes.set(rules, (ix = { heads: rules.map((r) => head(r.lhs, true)), byKey: new Map() }));
    this.heads = ix.heads;
    this.byKey = ix.byKey;
  }
  /** The rules whose left side can match an expression with this head, in file order. */
  private candidates(e: Expr): Rule[] {
    const key = head(e, false);
    let rs = this.byKey.get(key);
    if (!rs) {
      rs = this.rules.filter((_, i) => fits(this.heads[i], key));
      this.byKey.set(key, rs);
    }
    return rs;
  }

  run(e: Expr, trace: Step[]): Expr {
    const memo = new Map<Expr, Expr>();
    return this.norm(e, trace, memo);
  }

  private depth = 0;
  private norm(e: Expr, trace: Step[], memo: Map<Expr, Expr>): Expr {
    const hit = memo.get(e);
    if (hit) return hit;
    // rules that keep nesting their result end here, in a located refusal, not in a hang
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      throw new RewriteLimit(
        `rewriting made an expression more than ${MAX_DEPTH} levels deep (rules that do not terminate)`,
      );
    }
    try {
      const kids = A.children(e);
      let cur = kids.length
        ? A.withChildren(
            e,
            kids.map((k) => this.norm(k, trace, memo)),
          )
        : e;
      for (;;) {
        const next = this.step(cur, trace);
        if (!next) break;
        cur = this.norm(next, trace, memo);
      }
      memo.set(e, cur);
      return cur;
    } finally {
      this.depth--;
    }
  }

  private step(e: Expr, trace: Step[]): Expr | null {
    const budget = this.opts.budget ?? 20000;
    const active = this.opts.active;
    if (active && e.k === "diff" && !A.some(e.x, (x) => x.k === "sym" && active.has(x.name))) {
      return this.record(trace, "d-const", e, A.num(0), budget);
    }
    for (const r of this.candidates(e)) {
      const b = match(r.lhs, e, this.ctx);
      if (!b) continue;
      const after = this.opts.finish ? this.opts.finish(substitute(r.rhs, b)) : substitute(r.rhs, b);
      if (this.opts.wellShaped && !this.opts.wellShaped(after) && this.opts.wellShaped(e)) continue;
      return this.record(trace, r.name, e, after, budget);
    }
    return null;
  }

  private record(trace: Step[], rule: string, before: Expr, after: Expr, budget: number): Expr {
    if (++this.steps > budget)
      throw new RewriteLimit(`rewriting did not finish within ${budget} rule applications (last rule: ${rule})`);
    trace.push({ rule, before, after });
    return after;
  }
}

export { hasDiff };
