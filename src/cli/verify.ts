// `texgrad verify FILE [--target js|numpy|torch|c|all] [--seed N]`: emit the kernel, run it on random sizes
// and inputs, and compare every gradient with central finite differences of ⟨seed, Y⟩ (float64); with --jacobian X /
// --hessian X, also jacobian_X / hessian_X against finite differences of the reference evaluator.
// Exit 0 pass, 1 mismatch, 2 input error (including a target that cannot express the kernel, a program whose
// reference is NaN or ∞ on every draw, and sizes too large to evaluate).
import { jsonText } from "../render/escape.js";
import { buildProgram } from "../codegen/ir.js";
import { isTarget, TARGETS, type Target } from "../codegen/emit.js";
import { SizeLimitError } from "../derive/sample.js";
import {
  verifyProgram,
  NotEvaluable,
  GRADIENT_TOLERANCE,
  FORWARD_TOLERANCE,
  type TargetReport,
} from "../codegen/verify/index.js";
import { common, needFiles, type Register } from "./common.js";
import { derivationFor, extraRequests } from "./emit.js";
import { closedForms } from "../codegen/extras.js";
import { bold, dim, green, red, yellow, located } from "./output.js";
import { LocatedError } from "../errors.js";

const fmt = (x: number) => (Number.isNaN(x) ? "NaN" : x.toExponential(1));
const passed = (r: TargetReport) =>
  r.skipped !== undefined ||
  (r.forward <= FORWARD_TOLERANCE &&
    r.inputs.every((i) => i.relErr <= GRADIENT_TOLERANCE) &&
    !r.notes.some((n) => /FAILED/.test(n)) &&
    (r.extras ?? []).every((x) => x.relErr <= x.tolerance));

export const register: Register = (cli, setCode) => {
  cli
    .command("verify [...files]", "run the emitted kernel against central finite differences")
    .option("--target <target>", `${TARGETS.join(", ")} or all`, { default: "js" })
    .option("--of <Y>", "the output to differentiate")
    .option("--wrt <X,...>", "inputs to differentiate with respect to (default: all)")
    .option("--jacobian <X>", "also check jacobian_X against finite differences (repeatable)")
    .option("--hessian <X>", "also check hessian_X against second differences (repeatable)")
    .option("--seed <n>", "random seed for sizes and inputs", { default: 1 })
    .action(async (files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files);
      if (bad !== undefined) return setCode(bad);
      const t = String(o.target);
      if (t !== "all" && !isTarget(t)) {
        console.error(`texgrad: error: unknown target ${JSON.stringify(t)} (expected ${TARGETS.join(", ")} or all)`);
        return setCode(2);
      }
      const c = common(o);
      const d = derivationFor(files[0], c, o);
      if (!d) return setCode(2);
      const p = buildProgram(d, closedForms(d, extraRequests(o)));
      const seed = Number(o.seed) || 1;
      const targets: Target[] = t === "all" ? [...TARGETS] : [t as Target];
      const reports: TargetReport[] = [];
      const errors: { target: Target; message: string }[] = [];
      for (const target of targets) {
        try {
          reports.push(await verifyProgram(d, p, target, seed));
        } catch (err) {
          // a target that cannot express the kernel (emit's input error): reported, the others still run
          if (!(err instanceof LocatedError)) throw err;
          console.error(located(err.loc, err.message));
          // not evaluable at any draw, or too large to evaluate: the same for every target
          if (err instanceof NotEvaluable || err instanceof SizeLimitError) return setCode(2);
          errors.push({ target, message: err.message });
        }
      }
      const ok = reports.every(passed) && errors.length === 0;
      if (c.json)
        console.log(
          jsonText({
            file: d.doc.file,
            output: p.output.source,
            tolerance: GRADIENT_TOLERANCE,
            passed: ok,
            targets: reports,
            errors,
          }),
        );
      else
        print(
          d.doc.file,
          p.output.source,
          reports,
          errors.map((e) => e.target),
        );
      setCode(errors.length ? 2 : ok ? 0 : 1);
    });
};

function print(file: string, output: string, reports: readonly TargetReport[], failed: readonly Target[]): void {
  const sizes = reports.find((r) => r.sizes)?.sizes;
  console.log(
    bold(`${file}: ${output}`) +
      dim(
        sizes && Object.keys(sizes).length
          ? `  (sizes ${Object.entries(sizes)
              .map(([k, v]) => `${k}=${v}`)
              .join(", ")})`
          : "",
      ),
  );
  const w = Math.max(
    12,
    ...reports.flatMap((r) => [
      ...r.inputs.map((i) => i.key.length + 4),
      ...(r.extras ?? []).map((x) => x.name.length),
    ]),
  );
  for (const r of reports) {
    if (r.skipped) {
      console.log(`  ${r.target.padEnd(6)} ${yellow(`skipped: ${r.skipped}`)}`);
      continue;
    }
    const mark = (ok: boolean) => (ok ? green("ok") : red("MISMATCH"));
    console.log(
      `  ${r.target.padEnd(6)} ${"forward".padEnd(w)} rel err ${fmt(r.forward)}  ${mark(r.forward <= FORWARD_TOLERANCE)}`,
    );
    for (const i of r.inputs)
      console.log(
        `  ${"".padEnd(6)} ${`d/d${i.key}`.padEnd(w)} rel err ${fmt(i.relErr)}  ${mark(i.relErr <= GRADIENT_TOLERANCE)}`,
      );
    for (const x of r.extras ?? [])
      console.log(`  ${"".padEnd(6)} ${x.name.padEnd(w)} rel err ${fmt(x.relErr)}  ${mark(x.relErr <= x.tolerance)}`);
    for (const n of r.notes) console.log(`  ${"".padEnd(6)} ${/FAILED/.test(n) ? red(n) : dim(n)}`);
  }
  for (const t of failed) console.log(`  ${t.padEnd(6)} ${red("cannot emit this kernel (see the error above)")}`);
  console.log(failed.length ? red("error") : reports.every(passed) ? green("pass") : red("mismatch"));
}
