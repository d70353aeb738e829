// `texgrad render FILE [--html OUT] [--latex OUT] [--lamd OUT]`: the derivation as a document.
import { writeFileSync } from "node:fs";
import { loadDocument } from "../parse/document.js";
import { buildReport } from "../render/report.js";
import { renderHtml } from "../render/html.js";
import { renderLatex, renderLamd } from "../render/document.js";
import { common, list, needFiles, type Register } from "./common.js";

export const register: Register = (cli, setCode) => {
  cli.command("render [...files]", "the derivation, its steps and the check verdicts as a document")
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
  const outs = { html: o.html, latex: o.latex, lamd: o.lamd };
  if (!Object.values(outs).some((v) => typeof v === "string")) {
    console.error("texgrad: error: nothing to render: give --html OUT, --latex OUT or --lamd OUT");
    return 2;
  }
  const c = common(o);
  const doc = loadDocument(file, c);
  const unreadable = doc.errors.find((e) => e.message === `cannot read ${file}`);
  if (unreadable) { console.error(`${file}: error: ${unreadable.message}`); return 2; }
  const report = await buildReport(doc, { jacobian: list(o.jacobian), hessian: list(o.hessian) });
  const write = (path: unknown, text: string) => { if (typeof path === "string") { writeFileSync(path, text); console.error(`wrote ${path}`); } };
  write(outs.html, renderHtml(report, doc.macros));
  write(outs.latex, renderLatex(report, doc.macros));
  write(outs.lamd, renderLamd(report, doc.macros));
  return 0;
}
