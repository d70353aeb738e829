// `texgrad derive FILE [--of Y] [--wrt X,…] [--steps] [--json]`: the gradients of Y, in the document's notation.
import { jsonText } from "../render/escape.js";
import { loadDocument } from "../parse/document.js";
import { derive, type Derivation } from "../derive/reverse.js";
import { printExpr } from "../render/latex.js";
import { helperNotes, printDisplay } from "../render/display.js";
import { common, list, needFiles, unknownInputs, unknownOutput, type Register } from "./common.js";
import { located, bold, dim, printErrors } from "./output.js";
import { math, prose } from "./format.js";

export const register: Register = (cli, setCode) => {
  cli
    .command("derive [...files]", "gradients of Y (default: the last definition)")
    .option("--of <Y>", "the output to differentiate")
    .option("--wrt <X,...>", "inputs to differentiate with respect to (default: all)")
    .option("--steps", "show every rule application")
    .action((files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files);
      if (bad !== undefined) return setCode(bad);
      const c = common(o);
      const doc = loadDocument(files[0], c);
      if (doc.errors.length) {
        printErrors(doc.errors);
        return setCode(2);
      }
      const wrt = list(o.wrt)
        .flatMap((w) => w.split(","))
        .map((w) => w.trim())
        .filter(Boolean);
      const unknown = unknownOutput(doc, o.of) ?? unknownInputs(doc, wrt);
      if (unknown !== undefined) return setCode(unknown);
      const d = derive(doc, { ...(o.of ? { of: String(o.of) } : {}), ...(wrt.length ? { wrt } : {}) });
      if (c.json) console.log(jsonText(derivationJson(d, Boolean(o.steps))));
      else printDerivation(d, Boolean(o.steps));
      setCode(0);
    });
};

export function derivationJson(d: Derivation, steps: boolean) {
  return {
    file: d.doc.file,
    output: d.output.latex,
    loss: printExpr(d.loss),
    upstream: d.upstream ? printExpr(d.upstream) : null,
    inputs: d.inputs.map((s) => s.latex),
    gradients: d.backward.map((b) => ({
      of: b.target.latex,
      input: b.input,
      name: printExpr(b.name),
      latex: printDisplay(b.expr, d.doc.env),
    })),
    notation: helperNotes(d.backward.map((b) => b.expr)),
    ...(steps
      ? {
          steps: d.steps.map((s) => ({
            definition: s.definition,
            phase: s.phase,
            rule: s.step.rule,
            before: printExpr(s.step.before),
            after: printExpr(s.step.after),
          })),
        }
      : {}),
  };
}

function printDerivation(d: Derivation, steps: boolean): void {
  console.log(
    bold(
      `gradients of ${math(printExpr(d.loss))}${d.upstream ? `, given ${math(printExpr(d.upstream))} from the next layer` : ""}`,
    ),
  );
  if (steps) {
    let last = "";
    for (const s of d.steps) {
      const head = `${s.definition} · ${s.phase}`;
      if (head !== last) {
        console.log(dim(`\n  ${head}`));
        last = head;
      }
      console.log(
        `    ${s.step.rule.padEnd(24)} ${math(printExpr(s.step.before))}  ⟶  ${math(printExpr(s.step.after))}`,
      );
    }
    console.log("");
  }
  if (d.inputs.length === 0)
    console.log(
      `${math(printExpr(d.loss))} depends on no input (only on numbers and constants): there is nothing to differentiate`,
    );
  for (const b of d.backward)
    console.log(`${b.input ? "" : dim("  ")}${math(printExpr(b.name))} = ${math(printDisplay(b.expr, d.doc.env))}`);
  const notes = helperNotes(d.backward.map((b) => b.expr));
  if (notes.length) console.log(dim(["where", ...notes.map((n) => `  ${prose(n)}`)].join("\n")));
}
