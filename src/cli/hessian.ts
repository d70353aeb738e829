// `texgrad hessian FILE --of f --wrt x [--steps] [--json]`: the Hessian of a scalar f by differentiating its gradient
// with the same rules: ∂²f/∂x∂xᵀ for a vector x; for a matrix X the Hessian–vector product d(∇f)[V] (a formula
// in V), and the full ∂²f/∂ rvec X ∂ rvec Xᵀ in Kronecker form.
import { jsonText } from "../render/escape.js";
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { loadDocument } from "../parse/document.js";
import { hessian, type HessianResult } from "../derive/hessian.js";
import { checkHessian } from "../derive/jcheck.js";
import { notation, printJ } from "../derive/jprint.js";
import { printExpr } from "../render/latex.js";
import { common, needFiles, unknownInputs, unknownOutput, type Register } from "./common.js";
import { math, prose } from "./format.js";
import { bold, dim } from "./output.js";
import { failed, need, numericCheck, refusing, printSteps, stepsJson, type NumericCheck } from "./jacobian.js";

export const register: Register = (cli, setCode) => {
  cli
    .command("hessian [...files]", "Hessian of a scalar (vector x) or Hessian–vector product form (matrix X)")
    .option("--of <f>", "the scalar function (a definition)")
    .option("--wrt <x>", "the variable")
    .option("--steps", "show every rule application")
    .action((files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files) ?? need(o, ["of", "wrt"], "hessian");
      if (bad !== undefined) return setCode(bad);
      const c = common(o);
      const doc = loadDocument(files[0], c);
      if (failed(doc)) return setCode(2);
      const unknown = unknownOutput(doc, o.of) ?? unknownInputs(doc, [String(o.wrt)]);
      if (unknown !== undefined) return setCode(unknown);
      const h = hessian(doc, { of: String(o.of), wrt: String(o.wrt) });
      // second differences are good to about 1e-7 relative (src/numeric/fd.ts); H[V] = H rvec V holds exactly
      const check = refusing(() =>
        numericCheck(
          () =>
            [1, 2, 3].flatMap((s) => {
              const r = checkHessian(h, s);
              return [r.relErr, r.hvpRelErr];
            }),
          1e-4,
          "second differences (and H[V] = H rvec V)",
        ),
      );
      if (!check) return setCode(2);
      if (c.json) console.log(jsonText(hessianJson(h, check, Boolean(o.steps))));
      else printHessian(h, check, Boolean(o.steps));
      setCode(check.differs ? 1 : 0);
    });
};

/** ∂²f/∂x∂xᵀ, or ∂²f/∂ rvec X ∂ rvec Xᵀ for a matrix. */
export function hessianName(h: HessianResult): Expr {
  const v = h.matrix ? A.op("rvec", [h.input]) : h.input;
  return A.deriv(h.output, [v, A.op("transpose", [v])], 2);
}
/** d(∇f)[V]. */
export const hvpName = (h: HessianResult): string =>
  `\\mathrm{d}\\left(${h.gradientSym.latex}\\right)\\left[${h.direction.latex}\\right]`;

export function hessianJson(h: HessianResult, check: NumericCheck, steps: boolean) {
  const s = h.hessian.sizes;
  return {
    file: h.doc.file,
    of: h.output.latex,
    wrt: h.input.latex,
    matrix: h.matrix,
    vec: "row-major",
    gradient: { name: h.gradientSym.latex, latex: printJ(h.gradient, s) },
    hessian: { name: printExpr(hessianName(h)), latex: printJ(h.hessian.expr, s) },
    hvp: { direction: h.direction.latex, name: hvpName(h), latex: printJ(h.hvp, s) },
    notation: notation([h.hessian.expr, h.hvp]),
    check,
    ...(steps ? { steps: stepsJson(h.hessian.steps) } : {}),
  };
}

function printHessian(h: HessianResult, check: NumericCheck, steps: boolean): void {
  const s = h.hessian.sizes;
  console.log(bold(`Hessian of ${math(h.output.latex)} with respect to ${math(h.input.latex)}`));
  if (steps) printSteps(h.hessian.steps);
  console.log(bold("\ngradient (reverse mode, tidied)"));
  console.log(`  ${math(h.gradientSym.latex)} = ${math(printJ(h.gradient, s))}`);
  const hv = `  ${math(hvpName(h))} = ${math(printJ(h.hvp, s))}`;
  if (h.matrix) {
    console.log(
      bold(
        `\nHessian–vector product (the gradient differentiated along a direction ${math(h.direction.latex)} of ${math(h.input.latex)}'s shape)`,
      ),
    );
    console.log(hv);
    console.log(bold("\nfull Hessian, rvec form (rows stacked, row-major)"));
    console.log(`  ${math(printExpr(hessianName(h)))} = ${math(printJ(h.hessian.expr, s))}`);
  } else {
    console.log(bold("\nHessian (the Jacobian of the gradient)"));
    console.log(`  ${math(printExpr(hessianName(h)))} = ${math(printJ(h.hessian.expr, s))}`);
    console.log(bold("\nHessian–vector product"));
    console.log(hv);
  }
  const notes = notation([h.hessian.expr, h.hvp]).slice(h.matrix ? 0 : 1);
  if (notes.length) {
    console.log(bold("\nnotation"));
    for (const n of notes) console.log(`  ${prose(n)}`);
  }
  console.log(dim(`\n${check.note}`));
}
