// `texgrad jacobian FILE --of Y --wrt X [--steps] [--json]`: the explicit Jacobian ∂ rvec Y/∂ rvec X in closed form
// (rvec: rows stacked, row-major), each local factor, the chain of factors, their product, and a numeric check.
import { jsonText } from "../render/escape.js";
import { loadDocument, type Document } from "../parse/document.js";
import { jacobian, type JacobianResult } from "../derive/jacobian.js";
import { checkJacobian } from "../derive/jcheck.js";
import { notation, printJ, structure } from "../derive/jprint.js";
import { printExpr } from "../render/latex.js";
import type { Sym } from "../ast/index.js";
import type { DerivStep } from "../derive/reverse.js";
import { common, needFiles, unknownInputs, unknownOutput, type Register } from "./common.js";
import { located, bold, dim, printErrors } from "./output.js";
import { math, prose } from "./format.js";
import { SizeLimitError } from "../derive/sample.js";

export const register: Register = (cli, setCode) => {
  cli
    .command("jacobian [...files]", "explicit Jacobian ∂ rvec Y/∂ rvec X in closed form")
    .option("--of <Y>", "the output (a definition)")
    .option("--wrt <X>", "the input (or an intermediate definition)")
    .option("--steps", "show every rule application")
    .action((files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files) ?? need(o, ["of", "wrt"], "jacobian");
      if (bad !== undefined) return setCode(bad);
      const c = common(o);
      const doc = loadDocument(files[0], c);
      if (failed(doc)) return setCode(2);
      const unknown = unknownOutput(doc, o.of) ?? unknownInputs(doc, [String(o.wrt)]);
      if (unknown !== undefined) return setCode(unknown);
      const j = jacobian(doc, { of: String(o.of), wrt: String(o.wrt) });
      const check = refusing(() => numericCheck(() => [1, 2, 3].map((s) => checkJacobian(j, s).relErr)));
      if (!check) return setCode(2);
      if (c.json) console.log(jsonText(jacobianJson(j, check, Boolean(o.steps))));
      else printJacobian(j, check, Boolean(o.steps));
      setCode(check.differs ? 1 : 0);
    });
};

/** Exit code 2 with a message when a required option is missing. */
export function need(o: Record<string, unknown>, names: readonly string[], cmd: string): number | undefined {
  const missing = names.filter((n) => o[n] === undefined || o[n] === true || o[n] === "");
  if (!missing.length) return undefined;
  console.error(`texgrad: error: ${cmd} needs ${missing.map((m) => `--${m}`).join(" and ")}`);
  return 2;
}

export function failed(doc: Document): boolean {
  printErrors(doc.errors);
  return doc.errors.length > 0;
}

/** The numeric check, or null after printing the located refusal of sizes too large to evaluate. */
export function refusing(run: () => NumericCheck): NumericCheck | null {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof SizeLimitError)) throw e;
    console.error(located(e.loc, e.message));
    return null;
  }
}

export interface NumericCheck {
  readonly relErr: number | null;
  readonly note: string;
  /** The closed form disagrees with the differences: printed, and the command exits 1 (texgrad's own error). */
  readonly differs?: boolean;
}
/** Worst relative error over a few random draws (within `tol`: agrees), or why the closed form could not be evaluated. */
export function numericCheck(run: () => number[], tol = 1e-6, what = "central differences"): NumericCheck {
  try {
    const errs = run();
    // a NaN or ∞ (the formula evaluated outside its domain, √(a − 3) at a < 3) says nothing about the formula
    if (errs.some((e) => !Number.isFinite(e)))
      return {
        relErr: null,
        note: `not checked numerically: the values are NaN or ∞ at ${errs.filter((e) => !Number.isFinite(e)).length} of ${errs.length} random draws (outside the formula's domain? state it as an assumption such as x > 0)`,
      };
    const worst = Math.max(...errs);
    return {
      relErr: worst,
      differs: worst >= tol,
      note: `${worst < tol ? "agrees with" : "DIFFERS from"} ${what} on ${errs.length} random draws (worst relative error ${worst.toExponential(1)})`,
    };
  } catch (e) {
    if (e instanceof SizeLimitError) throw e;
    return { relErr: null, note: `not checked numerically: ${(e as Error).message}` };
  }
}

/** "n·d_v × n·d" for ∂ rvec Y/∂ rvec X. */
export function jacobianShape(j: JacobianResult, y: Sym = j.output, x: Sym = j.input): string {
  const numel = (s: Sym) => {
    const sh = j.sizes.shapeOf(s);
    if (!sh || sh.length === 0) return "1";
    const [r, c] = [j.sizes.dimName(sh[0]), j.sizes.dimName(sh[1])];
    return r === "1" ? c : c === "1" ? r : `${r}·${c}`;
  };
  return `${numel(y)} × ${numel(x)}`;
}

export const stepsJson = (steps: readonly DerivStep[]) =>
  steps.map((s) => ({
    definition: s.definition,
    phase: s.phase,
    rule: s.step.rule,
    before: printExpr(s.step.before),
    after: printExpr(s.step.after),
  }));

export function jacobianJson(j: JacobianResult, check: NumericCheck, steps: boolean) {
  const all = [j.expr, ...j.factors.map((f) => f.expr)];
  return {
    file: j.doc.file,
    of: j.output.latex,
    wrt: j.input.latex,
    vec: "row-major",
    convention:
      "J = ∂ rvec(Y)/∂ rvec(X), rvec stacks the rows (row-major, as kernels flatten): rvec(A X B) = (A ⊗ Bᵀ) rvec X",
    shape: jacobianShape(j),
    name: printExpr(j.name),
    factors: j.factors.map((f) => ({
      of: f.of.latex,
      wrt: f.wrt.latex,
      definition: `${f.definition.lhs.latex} = ${printExpr(f.definition.rhs)}`,
      name: printExpr(f.name),
      latex: printJ(f.expr, j.sizes),
      shape: jacobianShape(j, f.of, f.wrt),
      structure: structure(f, j),
    })),
    chain: printExpr(j.chain),
    jacobian: printJ(j.expr, j.sizes),
    notation: notation(all),
    check,
    ...(steps ? { steps: stepsJson(j.steps) } : {}),
  };
}

export function printSteps(steps: readonly DerivStep[]): void {
  let last = "";
  for (const s of steps) {
    const head = `${s.definition} · ${s.phase}`;
    if (head !== last) {
      console.log(dim(`\n  ${head}`));
      last = head;
    }
    console.log(`    ${s.step.rule.padEnd(28)} ${math(printExpr(s.step.before))}  ⟶  ${math(printExpr(s.step.after))}`);
  }
  console.log("");
}

function printJacobian(j: JacobianResult, check: NumericCheck, steps: boolean): void {
  console.log(
    bold(
      `Jacobian of ${math(j.output.latex)} with respect to ${math(j.input.latex)}: ${math(printExpr(j.name))}, ${jacobianShape(j)}`,
    ),
  );
  console.log(dim("  rvec stacks the rows (row-major, as kernels flatten): rvec(A X B) = (A ⊗ Bᵀ) rvec X"));
  if (steps) printSteps(j.steps);
  console.log(
    bold(`\nlocal Jacobians (one per definition on a path from ${math(j.input.latex)} to ${math(j.output.latex)})`),
  );
  for (const f of j.factors) {
    console.log(dim(`  from ${math(f.definition.lhs.latex)} = ${math(printExpr(f.definition.rhs))}`));
    console.log(`    ${math(printExpr(f.name))} = ${math(printJ(f.expr, j.sizes))}`);
    const s = structure(f, j);
    if (s) console.log(dim(`    ${s}`));
  }
  if (j.factors.length > 1) {
    console.log(bold("\nchain rule (summed over every path)"));
    console.log(`  ${math(printExpr(j.name))} = ${math(printExpr(j.chain))}`);
  }
  console.log(bold(j.factors.length > 1 ? "\nproduct, in closed form" : "\nclosed form"));
  console.log(`  ${math(printExpr(j.name))} = ${math(printJ(j.expr, j.sizes))}`);
  console.log(bold("\nnotation"));
  for (const n of notation([j.expr, ...j.factors.map((f) => f.expr)])) console.log(`  ${prose(n)}`);
  console.log(dim(`\n${check.note}`));
}
