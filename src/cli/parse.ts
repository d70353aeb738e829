// `texgrad parse FILE… [--json]`: statements with location, kind, re-printed LaTeX and shape; errors located.
import { jsonText } from "../render/escape.js";
import { loadDocument, showShape, type LoadOptions } from "../parse/document.js";
import { dim, printErrors } from "./output.js";
import { math } from "./format.js";
import { common, needFiles, type Register } from "./common.js";

export const register: Register = (cli, setCode) => {
  cli
    .command("parse [...files]", "statements with their location, kind, LaTeX and shape")
    .action((files: string[], o: Record<string, unknown>) => {
      setCode(needFiles(files) ?? parseCommand(files, common(o)));
    });
};

export function parseCommand(files: readonly string[], opts: LoadOptions & { json?: boolean }): number {
  let failed = false;
  const out = [];
  for (const file of files) {
    const doc = loadDocument(file, opts);
    if (doc.errors.length) failed = true;
    const statements = doc.statements.map((r) => ({
      file: r.loc.file,
      line: r.loc.line,
      col: r.loc.col,
      kind: r.statement.kind,
      latex: r.latex,
      shape: showShape(doc, r.shape),
      ...(r.shapeError ? { shapeError: r.shapeError } : {}),
    }));
    const errors = doc.errors.map((e) => ({ file: e.loc.file, line: e.loc.line, col: e.loc.col, message: e.message }));
    out.push({ file: doc.file, segments: doc.segments, statements, errors });
    if (!opts.json) {
      // one write for all lines (a console.log per statement costs more than parsing it)
      const lines = statements.map(
        (s) =>
          `${s.file}:${s.line}:${s.col}: ${s.kind.padEnd(11)} ${math(s.latex)}${s.shape ? dim(`   [${s.shape}]`) : ""}${s.shapeError ? dim(`   (shape: ${s.shapeError})`) : ""}`,
      );
      if (lines.length) console.log(lines.join("\n"));
      printErrors(doc.errors);
      console.log(
        dim(`${doc.file}: ${doc.segments} math segments, ${statements.length} statements, ${errors.length} errors`),
      );
    }
  }
  if (opts.json) console.log(jsonText({ files: out }));
  return failed ? 2 : 0;
}
