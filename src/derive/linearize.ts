// Local Jacobians of one definition V = f(U₁, …, U_k): push d(·) through f with the differentiate rules
// (the same ones reverse mode uses), then write the differential as dV = Σ_U J_U rvec(dU) with the jac- rules of
// rules/jacobian.rules (rvec(A E B) = (A ⊗ Bᵀ) rvec E, rvec(A ⊙ E) = diag(rvec A) rvec E, …) and read off
// J_U = ∂ rvec V / ∂ rvec U (Magnus & Neudecker's first identification theorem, in row-major vec).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import { Rewriter, type Step } from "../rewrite/engine.js";
import { expandRules, rulesOf } from "../rewrite/rules.js";
import { canon } from "../rewrite/canon.js";
import type { MatchCtx } from "../rewrite/pattern.js";
import { printExpr } from "../render/latex.js";
import { LocatedError } from "../errors.js";
import type { Loc } from "../macro/lexer.js";
import type { DerivStep } from "./reverse.js";
import type { Sizes } from "./sizes.js";
import { jacobianRules, product } from "./jsimplify.js";
import { explicitBroadcasts } from "./broadcast.js";

export class Linearizer {
  private readonly jac = [...jacobianRules("jac-"), ...jacobianRules("jsimp-")];
  constructor(
    private readonly ctx: MatchCtx,
    private readonly sizes: Sizes,
    private readonly steps: DerivStep[],
  ) {}

  private record(label: string, phase: string, t: Step[]): void {
    for (const step of t) this.steps.push({ definition: label, phase, step });
  }

  /** dV for V = rhs, canonical, with d(U) = 0 for every U outside `active`; constants sized (./sizes.ts) and
   *  broadcasts explicit (./broadcast.ts). */
  differential(rhs: Expr, active: ReadonlySet<string>, label: string): Expr {
    const te: Step[] = [],
      td: Step[] = [];
    // constants are sized, and broadcasts written out, in V = f(U) itself: in dV the terms d(U) = 0 of the
    // inactive U are gone, and with them the context that sized 1 in X W + 1 bᵀ or broadcast s in x − s
    const expanded = explicitBroadcasts(
      this.sizes.sizeConstants(new Rewriter(expandRules(), this.ctx).run(rhs, te)),
      this.sizes,
      active,
    );
    const dv = new Rewriter(rulesOf("differentiate"), this.ctx, { active }).run(A.diff(expanded), td);
    this.record(label, "expand", te);
    this.record(label, "differentiate", td);
    return this.sizes.sizeConstants(canon(dv, this.ctx));
  }

  /** The differential dV written as J rvec(d(u)) (other differentials set to 0): returns J = ∂ rvec V / ∂ rvec u. */
  jacobian(dv: Expr, u: Sym, label: string, loc: Loc): Expr {
    const only = canon(
      A.mapExpr(dv, (x) => (x.k === "diff" && x.x.k === "sym" && x.x !== u ? A.num(0) : zeroFold(x))),
      this.ctx,
    );
    const t: Step[] = [];
    let cur: Expr = A.op("rvec", [only]);
    for (let i = 0; i < 30; i++) {
      const next = this.sizes.resolve(canon(new Rewriter(this.jac, this.ctx).run(cur, t), this.ctx));
      if (next === cur) break;
      cur = next;
    }
    this.record(label, `jacobian by ${u.latex}`, t);
    return this.readOff(cur, u, loc);
  }

  /** Σ_t c_t J_t rvec(du) → Σ_t c_t J_t. A scalar u commutes, so its rvec(du) may stand anywhere in a term. */
  private readOff(e: Expr, u: Sym, loc: Loc): Expr {
    if (e.k === "num" && e.value === 0) return A.num(0);
    const du = A.diff(u),
      wrapped = A.op("rvec", [du]);
    const scalarU = this.ctx.isScalar(u);
    const parts = spread(e).map(({ sign, fs }) => {
      const at = fs.findIndex((f) => f === wrapped || f === du);
      const rest = fs.filter((_, i) => i !== at);
      const stray = rest.find((f) => A.some(f, (x) => x.k === "diff"));
      if (at < 0 || stray || (!scalarU && at !== fs.length - 1)) {
        const t = product(fs);
        const bad = A.some(t, (x) => A.isOp(x, "rvec") && x.args[0] !== du && A.some(x.args[0], (y) => y.k === "diff"))
          ? `no Jacobian rule applies to ${printExpr(this.sizes.display(firstWrapped(t, du)))}`
          : `cannot write ${printExpr(this.sizes.display(t))} as J rvec(d${u.latex})`;
        throw new LocatedError(loc, `${bad} (an operation without a Jacobian rule in rules/jacobian.rules)`);
      }
      // a term c · rvec(du) alone is c times the identity on rvec u
      const body =
        rest.every((f) => f.k === "num" || this.ctx.isScalar(f)) && !scalarU
          ? product([...rest, A.op("eyeof", [A.op("rvec", [u])])])
          : product(rest);
      return sign < 0 ? A.op("neg", [body]) : body;
    });
    return this.sizes.resolve(canon(parts.length === 1 ? parts[0] : A.op("add", parts), this.ctx));
  }
}

/** Products multiplied out over the sums that hold a differential: s (E₁ − M E₂) → s E₁, −s M E₂. */
function spread(e: Expr): { sign: number; fs: Expr[] }[] {
  const holds = (x: Expr) => A.some(x, (y) => y.k === "diff");
  if (A.isOp(e, "add")) return e.args.flatMap(spread);
  if (A.isOp(e, "neg")) return spread(e.args[0]).map((t) => ({ sign: -t.sign, fs: t.fs }));
  if (A.isOp(e, "mul") && holds(e)) {
    const ls = spread(e.args[0]),
      rs = spread(e.args[1]);
    return ls.flatMap((l) => rs.map((r) => ({ sign: l.sign * r.sign, fs: [...l.fs, ...r.fs] })));
  }
  return [{ sign: 1, fs: [e] }];
}

/** Linear maps of zero are zero (rowsum(0) = 0, 0 + E = E) once the other differentials are set to 0. */
const LINEAR = new Set(["rowsum", "sum", "tr", "transpose", "diag", "vec", "rvec", "neg", "hadamard", "mul", "kron"]);
const isZero = (a: Expr) => a.k === "num" && a.value === 0;
function zeroFold(x: Expr): Expr {
  if (x.k !== "op") return x;
  if (x.op === "add") {
    const rest = x.args.filter((a) => !isZero(a));
    return rest.length === x.args.length
      ? x
      : rest.length === 0
        ? A.num(0)
        : rest.length === 1
          ? rest[0]
          : A.op("add", rest);
  }
  if (x.op === "ediv") return isZero(x.args[0]) ? A.num(0) : x;
  return LINEAR.has(x.op) && x.args.some(isZero) ? A.num(0) : x;
}

function firstWrapped(t: Expr, du: Expr): Expr {
  let found: Expr = t;
  A.some(t, (x) => {
    if (A.isOp(x, "rvec") && x.args[0] !== du && A.some(x.args[0], (y) => y.k === "diff")) {
      found = x;
      return true;
    }
    return false;
  });
  return found;
}
