// Entries of a declared vector or matrix under a sum (f = \sum_i x_i^2 beside \mathbf{x} ∈ ℝⁿ): the sum's members
// x_i are data of a family (./family.ts: row or entry i, drawn for numeric checks), never inputs, so nothing is
// derived by \mathbf{x} itself. That must not look like "no dependence": asked for the gradient by \mathbf{x}, or
// left with no input at all, derive refuses with a located reason, and check says why a claim by \mathbf{x} is
// unverifiable.
import type { Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { LocatedError } from "../errors.js";
import { Graph, type Definition } from "./graph.js";
import { familyMembers } from "./family.js";

/** The reason `base` enters the definitions only through its entries under a sum, if it does. */
export function entriesOnly(forward: readonly Definition[], base: string, latex: string): string | undefined {
  const m = [...familyMembers(forward.map((f) => f.rhs)).values()].find((x) => x.base === base);
  return m
    ? `${latex} enters only through its entries ${m.sym.latex} under \\sum_{${m.index}}, and texgrad does not differentiate through entries yet: write the formula with whole vectors (\\sum_i x_i^2 = \\mathbf{x}^\\top \\mathbf{x}, \\sum_i x_i = \\mathbf{1}^\\top \\mathbf{x})`
    : undefined;
}

/** Refuses a derivation by a symbol that enters only through entries, or one left with no input because of them. */
export function refuseEntriesOnly(
  doc: Document,
  forward: readonly Definition[],
  inputs: readonly Sym[],
  wrt: readonly string[] | undefined,
): void {
  const members = [...familyMembers(forward.map((f) => f.rhs)).values()];
  const declared = (name: string) => doc.env.symbols.has(name) && (doc.env.shapes.get(name)?.length ?? 0) > 0;
  const target = wrt
    ? members.find((m) => wrt.includes(m.base) && declared(m.base))
    : inputs.length === 0
      ? members.find((m) => declared(m.base))
      : undefined;
  if (!target) return;
  const at = forward.find((d) => [...Graph.uses(d.rhs)].some((u) => u.name === target.sym.name));
  const latex =
    doc.statements
      .flatMap((r) => (r.statement.kind === "declaration" ? r.statement.syms : []))
      .find((x) => x.name === target.base)?.latex ?? target.base;
  throw new LocatedError(at?.loc ?? { file: doc.file, line: 1, col: 1 }, entriesOnly(forward, target.base, latex)!);
}
