// `texgrad render FILE [--html OUT] [--latex OUT] [--lamd OUT]`: the derivation as a document. Exit 0 written;
// 2 an input error: nothing is written when a file cannot be read, an output is refused or --jacobian/--hessian
// names no symbol of the document; a segment that does not parse (or a shape error) is printed, located, and the
// report of what could be read is still written.
import { loadDocument } from "../parse/document.js";
import { common, list, needFiles, unknownInputs, STDIN_ARG, type Register } from "./common.js";
import { fail, printErrors, readFiles, refuseOutputs, writeOutput, type Output } from "./output.js";

export const register: Register = (cli, setCode) => {
  cli
    .command("render [...files]", "the derivation, its steps and the check verdicts as a document")
    .option("--html <out>", "a self-contained HTML page")
    .option("--latex <out>", "a standalone LaTeX document")
    .option("--lamd <out>", "a lamd snippet in the lecture's macros")
    .option("--jacobian <X>", "add the Jacobian of the output with respect to X (repeatable)")
    .option("--hessian <x>", "add the Hessian of the (scalar) output with respect to x (repeatable)")
    .action(async (files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files);
      if (bad !== undefined) return setCode(bad);
      setCode(await renderCommand(files[0], o));
    });
};

export async function renderCommand(file: string, o: Record<string, unknown>): Promise<number> {
  const outs: Output[] = [];
  for (const flag of ["html", "latex", "lamd"] as const) {
    const v = o[flag];
    if (v !== undefined)
      outs.push({
        flag: `--${flag}`,
        path: typeof v === "string" ? v : Array.isArray(v) ? String(v[v.length - 1]) : v === true ? "" : String(v),
      });
  }
  if (!outs.length) return fail("nothing to render: give --html OUT, --latex OUT or --lamd OUT");
  const c = common(o);
  const files = outs.filter((x) => x.path !== STDIN_ARG);
  if (refuseOutputs(files, readFiles([file], [], c.macroFiles)) !== undefined) return 2;
  const doc = loadDocument(file, c);
  const unreadable = doc.errors.filter((e) => e.unlocated);
  if (unreadable.length) {
    printErrors(unreadable);
    return 2;
  }
  if (refuseOutputs(files, readFiles([file], doc.included, c.macroFiles)) !== undefined) return 2;
  const unknown =
    unknownInputs(doc, list(o.jacobian), "--jacobian") ?? unknownInputs(doc, list(o.hessian), "--hessian");
  if (unknown !== undefined) return unknown;
  printErrors(doc.errors);
  // loaded here, not at start-up: KaTeX and the report builder are needed by this command only
  const [{ buildReport }, { renderHtml }, { renderLatex, renderLamd }] = await Promise.all([
    import("../render/report.js"),
    import("../render/html.js"),
    import("../render/document.js"),
  ]);
  const report = await buildReport(doc, { jacobian: list(o.jacobian), hessian: list(o.hessian) });
  const texts: Record<string, () => string> = {
    "--html": () => renderHtml(report, doc.macros),
    "--latex": () => renderLatex(report, doc.macros),
    "--lamd": () => renderLamd(report, doc.macros),
  };
  for (const out of outs) {
    if (out.path === STDIN_ARG) {
      process.stdout.write(texts[out.flag]());
      continue;
    } // `--html -`: standard output
    const failed = writeOutput(out.path, texts[out.flag]());
    if (failed !== undefined) return failed;
    console.error(`wrote ${out.path}`);
  }
  return doc.errors.length ? 2 : 0;
}
