// Shared helpers for the Jacobian and Hessian tests: documents from text, reference formulas, examples.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import "../../src/ops/index.js";
import { loadDocument, type Document } from "../../src/parse/document.js";
import { evaluate } from "../../src/numeric/eval.js";
import type { Mat, Value } from "../../src/numeric/index.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-jacobian-"));
let count = 0;

/** A statement file with `lines`, loaded (and required to load cleanly). */
export function docOf(lines: readonly string[]): Document {
  const file = join(dir, `case${++count}.tex`);
  writeFileSync(file, lines.join("\n") + "\n");
  const doc = loadDocument(file);
  expect(doc.errors).toEqual([]);
  return doc;
}

export const example = (name: string): Document =>
  loadDocument(fileURLToPath(new URL(`../../examples/${name}`, import.meta.url)));

/** The value of the right side of the definition `name` (a reference formula written in the document). */
export function reference(doc: Document, name: string, values: ReadonlyMap<string, Value>, like?: Value): Value {
  const s = doc.statements.map((r) => r.statement).find((x) => x.kind === "definition" && x.lhs.name === name);
  if (s?.kind !== "definition") throw new Error(`no reference ${name}`);
  return evaluate(s.rhs, { values }, like);
}

export const asMat = (v: Value): Mat => (typeof v === "number" ? { rows: 1, cols: 1, data: Float64Array.of(v) } : v);

/** Block-diagonal matrix from square blocks. */
export function blockDiagonal(blocks: readonly Mat[]): Mat {
  const n = blocks.reduce((s, b) => s + b.rows, 0);
  const out = new Float64Array(n * n);
  let off = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.rows; i++)
      for (let j = 0; j < b.cols; j++) out[(off + i) * n + off + j] = b.data[i * b.cols + j];
    off += b.rows;
  }
  return { rows: n, cols: n, data: out };
}

/** Row i of a matrix as a column. */
export const rowOf = (m: Mat, i: number): Mat => ({
  rows: m.cols,
  cols: 1,
  data: m.data.slice(i * m.cols, (i + 1) * m.cols),
});
