// Claims that are the same problem up to renaming share one check (src/check/template.ts). The results must be
// exactly the results of checking every claim on its own: each document below is checked with and without
// templates and compared field by field, and the template keys are asserted to separate what must stay apart
// (other shapes, another order of names, an assumption on a symbol, another claimed formula).
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument, type ClaimResult } from "../../src/check/index.js";
import { templateOf } from "../../src/check/template.js";
import { recursionClaims } from "../../src/check/gradnames.js";
import { statementFile } from "../../bench/statements.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-templates-"));
let n = 0;
const write = (lines: readonly string[]) => {
  const f = join(dir, `t${++n}.tex`);
  writeFileSync(f, `${lines.join("\n")}\n`);
  return f;
};
const load = (lines: readonly string[]) => loadDocument(write(lines));
const fields = (r: ClaimResult) => ({
  loc: r.loc,
  claim: r.claim,
  verdict: r.verdict,
  reason: r.reason,
  derived: r.derived,
  diagnoses: r.diagnoses,
  notes: r.notes,
  relErr: r.relErr,
  derivedExpr: r.derivedExpr,
});
/** The template key of every claim (null where a claim has none). */
const keys = (lines: readonly string[]) => {
  const doc = recursionClaims(load(lines));
  return doc.statements.flatMap((r, i) => (r.statement.kind === "claim" ? [templateOf(doc, i)?.key ?? null] : []));
};
const same = (lines: readonly string[]) => {
  const f = write(lines);
  const a = checkDocument(loadDocument(f)).map(fields),
    b = checkDocument(loadDocument(f), { templates: false }).map(fields);
  expect(a).toEqual(b);
  return a;
};

const R = (d: string) => `\\in \\mathbb{R}^{${d}}`;

describe("claims that are the same problem up to renaming", () => {
  test("the benchmark's 299 claims ∂L_i/∂b = 2 y_i have one template, and the same results with and without it", () => {
    const text = statementFile(1_500, 5).trim().split("\n");
    const ks = keys(text);
    expect(ks).toHaveLength(299);
    expect(new Set(ks).size).toBe(1);
    expect(ks[0]).not.toBeNull();
    const r = same(text);
    expect(r.every((x) => x.verdict === "correct")).toBe(true);
    // each claim prints its own symbols
    expect(r[7].derived).toBe("\\frac{\\partial L_{7}}{\\partial y_{7}}");
  });

  test("another order of the names is another template (factors are ordered by name)", () => {
    const text = [
      `\\mathbf{x} ${R("n")}`,
      "L_{1} = a b \\mathbf{x}^\\top \\mathbf{x}",
      "\\frac{\\partial L_{1}}{\\partial \\mathbf{x}} = 2 a b \\mathbf{x}",
      "L_{2} = s r \\mathbf{x}^\\top \\mathbf{x}",
      "\\frac{\\partial L_{2}}{\\partial \\mathbf{x}} = 2 s r \\mathbf{x}",
      "L_{3} = v u \\mathbf{x}^\\top \\mathbf{x}",
      "\\frac{\\partial L_{3}}{\\partial \\mathbf{x}} = 2 v u \\mathbf{x}",
    ];
    const [k1, k2, k3] = keys(text);
    expect(k1).not.toBe(k2);
    expect(k2).toBe(k3);
    expect(same(text).map((x) => x.derived)).toEqual(["2 a b \\mathbf{x}", "2 r s \\mathbf{x}", "2 u v \\mathbf{x}"]);
  });

  test("other shapes are another template", () => {
    const text = [
      `A ${R("n \\times n")}`,
      `B ${R("m \\times m")}`,
      `C ${R("n \\times n")}`,
      `\\mathbf{u} ${R("n")}`,
      `\\mathbf{v} ${R("m")}`,
      `\\mathbf{w} ${R("n")}`,
      "f = \\mathbf{u}^\\top A \\mathbf{u}",
      "\\frac{\\partial f}{\\partial \\mathbf{u}} = (A + A^\\top) \\mathbf{u}",
      "g = \\mathbf{v}^\\top B \\mathbf{v}",
      "\\frac{\\partial g}{\\partial \\mathbf{v}} = (B + B^\\top) \\mathbf{v}",
      "h = \\mathbf{w}^\\top C \\mathbf{w}",
      "\\frac{\\partial h}{\\partial \\mathbf{w}} = (C + C^\\top) \\mathbf{w}",
    ];
    const [kf, kg, kh] = keys(text);
    expect(kf).not.toBe(kg);
    expect(kf).toBe(kh);
    expect(same(text).map((x) => x.verdict)).toEqual(["correct", "correct", "correct"]);
  });

  test("a symbol with an assumption is never renamed: the claim is checked on its own", () => {
    // ∂(xᵀAx)/∂x = (A + Aᵀ)x, which is 2Ax only for a symmetric A. S is assumed symmetric, A is not: the claim
    // for S is correct (under the assumption), the same-looking claim for A is incorrect ("holds only if A is
    // symmetric"), whichever comes first.
    const text = [
      `S ${R("n \\times n")}`,
      `A ${R("n \\times n")}`,
      `\\mathbf{u} ${R("n")}`,
      `\\mathbf{w} ${R("n")}`,
      "S = S^\\top",
      "f = \\mathbf{u}^\\top S \\mathbf{u}",
      "\\frac{\\partial f}{\\partial \\mathbf{u}} = 2 S \\mathbf{u}",
      "h = \\mathbf{w}^\\top A \\mathbf{w}",
      "\\frac{\\partial h}{\\partial \\mathbf{w}} = 2 A \\mathbf{w}",
    ];
    expect(keys(text)[0]).toBeNull();
    const r = same(text);
    expect(r.map((x) => x.verdict)).toEqual(["correct", "incorrect"]);
    expect(r[1].reason).toContain("holds only if A is symmetric");
  });

  test("another claimed formula is another template: a wrong claim after right ones stays wrong", () => {
    // ∂(yᵀy)/∂b with y = Wx + b is 2y; the third claim drops the 2 (checked by the numbers: off by a factor 2)
    const text = [
      `W ${R("m \\times n")}`,
      `\\mathbf{b} ${R("m")}`,
      ...[1, 2, 3].flatMap((i) => [
        `x_{${i}} ${R("n")}`,
        `y_{${i}} = W x_{${i}} + \\mathbf{b}`,
        `L_{${i}} = y_{${i}}^\\top y_{${i}}`,
        `\\frac{\\partial L_{${i}}}{\\partial \\mathbf{b}} = ${i === 3 ? "" : "2 "}y_{${i}}`,
      ]),
    ];
    const [k1, k2, k3] = keys(text);
    expect(k1).toBe(k2);
    expect(k3).not.toBe(k1);
    const r = same(text);
    expect(r.map((x) => x.verdict)).toEqual(["correct", "correct", "incorrect"]);
    expect(r[2].derived).toBe("\\frac{\\partial L_{3}}{\\partial y_{3}}");
  });

  test("sizes, entries and the lecture's functions keep their names or have no template", () => {
    const text = [
      `\\mathbf{x} ${R("n")}`,
      `\\mathbf{z} ${R("n")}`,
      "f = \\frac{1}{n} \\mathbf{x}^\\top \\mathbf{x}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\frac{2}{n} \\mathbf{x}",
      "g = \\frac{1}{n} \\mathbf{z}^\\top \\mathbf{z}",
      "\\frac{\\partial g}{\\partial \\mathbf{z}} = \\frac{2}{n} \\mathbf{z}",
      // φ is a function the lecture never defines (an apply node): no template
      "p = \\mathbf{1}^\\top \\phi(\\mathbf{x})",
      "\\frac{\\partial p}{\\partial \\mathbf{x}} = \\phi'(\\mathbf{x})",
    ];
    const [kf, kg, kp] = keys(text);
    expect(kf).toBe(kg);
    expect(kf).toContain("(s:n:");
    expect(kp).toBeNull();
    same(text);
  });

  test("w_1 and w_2 where the lecture also has a vector w keep their names (a right side may mean entries of w)", () => {
    const text = [
      `\\mathbf{w} ${R("n")}`,
      `w_{1} ${R("n")}`,
      `w_{2} ${R("n")}`,
      "f_{1} = w_{1}^\\top w_{1}",
      "\\frac{\\partial f_{1}}{\\partial w_{1}} = 2 w_{1}",
      "f_{2} = w_{2}^\\top w_{2}",
      "\\frac{\\partial f_{2}}{\\partial w_{2}} = 2 w_{2}",
    ];
    const [k1, k2] = keys(text);
    expect(k1).not.toBeNull();
    expect(k1).not.toBe(k2);
    expect(same(text).map((x) => x.verdict)).toEqual(["correct", "correct"]);
  });
});
