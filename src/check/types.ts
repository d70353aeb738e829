// What `texgrad check` says about one derivative claim.
import type { Loc } from "../macro/lexer.js";
import type { Expr } from "../ast/index.js";

export type Verdict = "correct" | "incorrect" | "unverifiable";

/** Why a claim is wrong: the kinds a diagnosis can name (several may apply to one claim). */
export type DiagnosisKind = "shape" | "order" | "factor" | "sign" | "transpose" | "terms" | "differs";

export interface Diagnosis {
  readonly kind: DiagnosisKind;
  /** One sentence in the lecture's notation, e.g. "missing factor 1/\sqrt{d_k}". */
  readonly text: string;
  /** The scalar factor (or constant) by which the claim is off, where one was found. */
  readonly factor?: string;
  /** LaTeX fragments that occur verbatim in `text` (renderers typeset them). */
  readonly formulas?: readonly string[];
}

export interface ClaimResult {
  readonly loc: Loc;
  /** The claim as re-printed LaTeX. */
  readonly claim: string;
  readonly verdict: Verdict;
  /** Diagnosis for an incorrect claim, why not for an unverifiable one, how for a correct one. */
  readonly reason: string;
  /** The derived right side (the corrected formula for an incorrect claim), in the lecture's macros. */
  readonly derived: string | null;
  readonly diagnoses: readonly Diagnosis[];
  /** Lecture conventions accepted along the way (broadcasting a column across a matrix, …). */
  readonly notes: readonly string[];
  /** The derived expression itself (for renderers). */
  readonly derivedExpr?: Expr;
  /** Largest relative error over the numeric draws, where the claim was evaluated. */
  readonly relErr?: number;
}

/** The `--json` record of one claim: exactly these keys. */
export interface ClaimJson {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly claim: string;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly derived: string | null;
}

export const toJson = (r: ClaimResult): ClaimJson => ({
  file: r.loc.file,
  line: r.loc.line,
  col: r.loc.col,
  claim: r.claim,
  verdict: r.verdict,
  reason: r.reason,
  derived: r.derived,
});

/** An unverifiable claim: a reason, never an exception. */
export class Unverifiable extends Error {}
