// Shared test helpers: derive from statement text (through a temporary file and loadDocument), rename
// symbols in a derivation, and check a JS kernel against finite differences in-process.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import * as A from "../../src/ast/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive, type Derivation } from "../../src/derive/reverse.js";
import { buildProgram, type Program } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { compare, makeJob, makeSample, type Report } from "../../src/codegen/verify/job.js";
import { loadJsKernel, runJsKernel } from "../../src/codegen/verify/js.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-codegen-"));
let files = 0;

/** Write `text` to a fresh statement file and load it. */
export function docOf(text: string, name = `s${++files}.tex`) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const doc = loadDocument(file);
  if (doc.errors.length)
    throw new Error(`${doc.errors.map((e) => `${e.loc.line}:${e.loc.col} ${e.message}`).join("; ")}\n${text}`);
  return doc;
}

export const derivationOf = (text: string, opts: { of?: string; wrt?: string[] } = {}): Derivation =>
  derive(docOf(text), opts);

/** The JS kernel of `d` run on one random draw, compared with finite differences. */
export function checkJs(d: Derivation, seed = 1, p: Program = buildProgram(d)): Report {
  const s = makeSample(d, p, seed);
  const { job, probes } = makeJob(p, s);
  return compare(s, job, probes, runJsKernel(loadJsKernel(emitProgram(p, "js")), job));
}

/** `d` with symbols renamed (shapes carried over): sanitisation cases the parser cannot produce. */
export function renamed(d: Derivation, names: Readonly<Record<string, string>>): Derivation {
  const env = d.doc.env;
  for (const [from, to] of Object.entries(names)) env.shapes.set(to, env.shapes.get(from)!);
  const sub = (e: A.Expr): A.Expr =>
    A.mapExpr(e, (x) => (x.k === "sym" && names[x.name] !== undefined ? A.sym(names[x.name], x.hint, x.latex) : x));
  const sym = (s: A.Sym) => sub(s) as A.Sym;
  return {
    ...d,
    output: sym(d.output),
    loss: sub(d.loss),
    upstream: d.upstream ? (sub(d.upstream) as A.Deriv) : null,
    forward: d.forward.map((f) => ({ ...f, lhs: sym(f.lhs), rhs: sub(f.rhs) })),
    backward: d.backward.map((b) => ({ ...b, target: sym(b.target), name: sub(b.name) as A.Deriv, expr: sub(b.expr) })),
    inputs: d.inputs.map(sym),
    constants: d.constants.map(sym),
  };
}

export const worst = (r: Report) => Math.max(...r.inputs.map((i) => (Number.isNaN(i.relErr) ? Infinity : i.relErr)));
