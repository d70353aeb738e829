// Why a claim is in a convention the lecture never fixes. A derivative by w_ℓ where w_ℓ is defined nowhere but the
// lecture's matrix W_ℓ is: the lecture means the entries of W_ℓ stacked into one vector, and does not say in which
// order. vec (column stacking) gives ∂(W h)/∂vec W = hᵀ ⊗ I, row stacking gives I ⊗ hᵀ (Magnus & Neudecker,
// ch. 9), so a Kronecker form is right in one convention and wrong in the other: texgrad does not pick one.
import type { Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import * as A from "../ast/index.js";
import { printExpr } from "../render/latex.js";

/** The matrix W_ℓ whose stacked entries an undefined vector w_ℓ stands for (same name, capital), if the lecture uses it. */
export function stackedMatrix(doc: Document, x: Sym): Sym | null {
  if (x.hint !== "vector") return null;
  const m = /^([a-z])(_.*)?$/.exec(x.name);
  if (!m) return null;
  const want = `${m[1].toUpperCase()}${m[2] ?? ""}`;
  let found: Sym | null = null,
    defined = false;
  for (const r of doc.statements) {
    const s = r.statement;
    if (
      (s.kind === "definition" && s.lhs.name === x.name) ||
      (s.kind === "declaration" && s.syms.some((y) => y.name === x.name))
    )
      defined = true;
    const es = s.kind === "definition" ? [s.rhs] : s.kind === "claim" ? [s.rhs] : [];
    for (const e of es)
      A.some(e, (y) => {
        if (y.k === "sym" && y.name === want && y.hint === "matrix") found = y;
        return false;
      });
  }
  return defined ? null : found;
}

/**
 * The stacking order the lecture itself uses, when it writes stacked vectors one way only: a statement
 * `a = (B):` / `a = \operatorname{vec} B` (the colon is column stacking, Magnus & Neudecker) or `a = \operatorname{rvec} B`.
 * Such a line fixes the order for the lecture even where it names the wrong symbol (`f_ℓ = (f_ℓ):` beside a
 * never-defined w_ℓ); with both orders written, or none, the lecture fixes nothing. Only the claim's own file counts
 * (an included section has its own conventions).
 */
export function lectureStacking(
  doc: Document,
  file: string,
): { order: "vec" | "rvec"; line: number; latex: string } | null {
  let found: { order: "vec" | "rvec"; line: number; latex: string } | null = null;
  for (const r of doc.statements) {
    const s = r.statement;
    if (r.loc.file !== file) continue;
    const rhs = s.kind === "definition" ? s.rhs : s.kind === "assumption" && s.rel === "=" ? s.rhs : null;
    if (!rhs || rhs.k !== "op" || (rhs.op !== "vec" && rhs.op !== "rvec")) continue;
    if (found && found.order !== rhs.op) return null;
    found ??= { order: rhs.op, line: r.loc.line, latex: r.latex };
  }
  return found;
}

export function stackingReason(x: Sym, w: Sym): string {
  return `${x.latex} is never defined: the claim takes it to be the entries of ${w.latex} stacked into one vector, and the lecture does not say in which order (for f = W h, column stacking vec gives h^\\top \\otimes I, row stacking gives I \\otimes h^\\top), so the claim is in a convention texgrad cannot decide`;
}

/** `y = y(z)` (h_ℓ = h_ℓ(f_ℓ)): the lecture's only description of y, a general function it never specifies. */
export function describedOnlyAsFunction(doc: Document, y: Sym): string | null {
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind !== "assumption" || s.lhs !== y) continue;
    // h_ℓ(f_ℓ) with h_ℓ a symbol reads as the product h_ℓ f_ℓ: printed as the lecture wrote it
    const arg =
      s.rhs.k === "apply" && s.rhs.fn.name === y.name && s.rhs.args.length === 1
        ? s.rhs.args[0]
        : A.isOp(s.rhs, "mul") && s.rhs.args.length === 2 && s.rhs.args[0] === y
          ? s.rhs.args[1]
          : null;
    if (arg) return `${y.latex} = ${y.latex}\\left(${printExpr(arg)}\\right)`;
  }
  return null;
}
