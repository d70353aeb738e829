// `texgrad emit FILE --target js|numpy|torch|c [-o OUT] [--of Y] [--wrt X,…]`: the kernel module.
import { loadDocument } from "../parse/document.js";
import { derive, forKernels, type Derivation } from "../derive/reverse.js";
import { emitKernel, isTarget, TARGETS } from "../codegen/emit.js";
import { closedForms, type ExtraRequest } from "../codegen/extras.js";
import { buildProgram } from "../codegen/ir.js";
import { emitJsTypes } from "../codegen/backends/dts.js";
import { common, list, needFiles, unknownInputs, unknownOutput, STDIN_ARG, type Common } from "./common.js";
import type { Register } from "./common.js";
import { printErrors, readFiles, refuseOutputs, writeOutput, fail } from "./output.js";

/** Load, check and derive (shared by emit and verify); undefined after printing the errors. */
export function derivationFor(file: string, c: Common, o: Record<string, unknown>): Derivation | undefined {
  const doc = loadDocument(file, c);
  if (doc.errors.length) {
    printErrors(doc.errors);
    return undefined;
  }
  const wrt = list(o.wrt)
    .flatMap((w) => w.split(","))
    .map((w) => w.trim())
    .filter(Boolean);
  if ((unknownOutput(doc, o.of) ?? unknownInputs(doc, wrt)) !== undefined) return undefined;
  // what kernels compute, also verify's reference: stable forms spanning definitions fused (derive/fuse.ts)
  return forKernels(derive(doc, { ...(o.of ? { of: String(o.of) } : {}), ...(wrt.length ? { wrt } : {}) }));
}

/** --jacobian X and --hessian X (each repeatable, or comma-separated), in the order given. */
export function extraRequests(o: Record<string, unknown>): ExtraRequest[] {
  const names = (v: unknown) =>
    list(v)
      .flatMap((w) => w.split(","))
      .map((w) => w.trim());
  return [
    ...names(o.jacobian).map((wrt) => ({ kind: "jacobian" as const, wrt })),
    ...names(o.hessian).map((wrt) => ({ kind: "hessian" as const, wrt })),
  ];
}

export const register: Register = (cli, setCode) => {
  cli
    .command("emit [...files]", "kernel module (js, numpy, torch or c) for the derivation")
    .option("--target <target>", `one of ${TARGETS.join(", ")}`, { default: "js" })
    .option("-o, --out <file>", "write the module to a file (default: stdout)")
    .option("--of <Y>", "the output to differentiate")
    .option("--wrt <X,...>", "inputs to differentiate with respect to (default: all)")
    .option("--jacobian <X>", "add jacobian_X: d rvec(Y)/d rvec(X) in closed form (repeatable; numpy, js, torch)")
    .option(
      "--hessian <X>",
      "add hessian_X: d2 f/d rvec(X)^2 of a scalar output in closed form (repeatable; numpy, js, torch)",
    )
    .option("--types <file>", "with --target js: also write TypeScript declarations of the module (a .d.ts)")
    .action((files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files);
      if (bad !== undefined) return setCode(bad);
      const target = String(o.target);
      if (!isTarget(target))
        return setCode(fail(`unknown target ${JSON.stringify(target)} (expected ${TARGETS.join(", ")})`));
      const c = common(o);
      const outs =
        o.out === undefined || o.out === STDIN_ARG ? [] : [{ flag: "-o", path: o.out === true ? "" : String(o.out) }];
      if (o.types !== undefined && target !== "js")
        return setCode(fail("--types needs --target js (declarations of the JavaScript module)"));
      const types = o.types === undefined ? [] : [{ flag: "--types", path: o.types === true ? "" : String(o.types) }];
      // refused before any work when it names an input or a macro file; again once the includes are known
      if (refuseOutputs([...outs, ...types], readFiles(files, [], c.macroFiles)) !== undefined) return setCode(2);
      const d = derivationFor(files[0], c, o);
      if (!d) return setCode(2);
      if (refuseOutputs([...outs, ...types], readFiles(files, d.doc.included, c.macroFiles)) !== undefined)
        return setCode(2);
      const text = emitKernel(d, target, extraRequests(o));
      if (types.length) {
        const failed = writeOutput(types[0].path, emitJsTypes(buildProgram(d, closedForms(d, extraRequests(o)))));
        if (failed !== undefined) return setCode(failed);
      }
      if (outs.length) setCode(writeOutput(outs[0].path, text) ?? 0);
      else {
        process.stdout.write(text);
        setCode(0);
      }
    });
};
