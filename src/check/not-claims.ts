// Formulas that contain a derivative but claim no value for one: listed by `check` with the reason, so that no
// derivative in a document is skipped silently (an approximation, an inequality, an update rule, a bare derivative).
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { Loc } from "../macro/lexer.js";
import type { Document } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { readDifferential } from "../parse/differential-claims.js";

export interface NotClaim {
  readonly loc: Loc;
  /** The formula as re-printed LaTeX. */
  readonly latex: string;
  readonly reason: string;
}

/** The `--json` record of one formula that is not a claim. */
export const notClaimJson = (n: NotClaim) => ({
  file: n.loc.file,
  line: n.loc.line,
  col: n.loc.col,
  claim: n.latex,
  reason: n.reason,
});

/** A derivative, or a differential outside an integral (`\\int p(x) \\mathrm{d}x` differentiates nothing). */
function hasDerivative(e: Expr): boolean {
  if (e.k === "deriv" || e.k === "diff") return true;
  if (e.k === "apply" && /^int(_|$)/.test(e.fn.name)) return A.some(e, (x) => x.k === "deriv");
  return A.children(e).some(hasDerivative);
}

const RELATION_WORDS: Record<string, string> = {
  "\\approx": "an approximation (≈), not an equality",
  "\\propto": "a proportionality (∝), not an equality",
  "\\sim": "a distribution statement (∼), not an equality",
  "\\to": "a limit or an implication (→), not an equality",
  "\\mapsto": "a mapping (↦), not an equality",
  "\\in": "a membership (∈), not an equality",
  "<": "an inequality, not an equality",
  ">": "an inequality, not an equality",
  "\\leq": "an inequality, not an equality",
  "\\geq": "an inequality, not an equality",
  "\\neq": "an inequality (≠), not an equality",
};

function exprsOf(s: Statement): Expr[] {
  switch (s.kind) {
    case "expression":
      return [s.relation.first, ...s.relation.rest.map((r) => r.rhs)].filter((x): x is Expr => x.k !== "space");
    case "assumption":
      return [s.lhs, s.rhs];
    case "definition":
      return [s.rhs, ...s.also];
    default:
      return [];
  }
}

function reasonFor(s: Statement): string | null {
  if (s.kind === "claim" || s.kind === "declaration") return null;
  if (!exprsOf(s).some(hasDerivative)) return null;
  if (s.kind === "definition")
    return `defines ${s.lhs.latex} in terms of a derivative: a definition, not a claim about the derivative's value`;
  if (s.kind === "assumption") return RELATION_WORDS[s.rel] ?? "an assumption, not a claim";
  const rel = s.relation.rest[0];
  if (!rel) return "a derivative written without a claimed value";
  if (rel.rel !== "=") return RELATION_WORDS[rel.rel] ?? `a relation ${rel.rel}, not an equality`;
  const first = s.relation.first;
  if (first.k === "diff" && rel.rhs.k !== "space") {
    const d = readDifferential(first, rel.rhs);
    if ("reason" in d) return d.reason;
  }
  return "an equation whose left side is not a derivative";
}

/** Every formula of the document that contains a derivative but is not a derivative claim, with the reason. */
export function notClaims(doc: Document): NotClaim[] {
  const out: NotClaim[] = [];
  for (const r of doc.statements) {
    const reason = reasonFor(r.statement);
    if (reason) out.push({ loc: r.loc, latex: r.latex, reason });
  }
  return out;
}
