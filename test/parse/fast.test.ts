// The hand-written fast path (src/parse/fast.ts) against nearley: with the check hook on, every row and every
// sub-formula the fast path parses is parsed by nearley too, and the two trees must be the same nodes (and nearley
// must find exactly one parse). Over the fixtures, examples, seeds and corpus (skipped with a message when
// ../shared is absent), random trees printed as LaTeX, and hand-written edge cases of the subset's borders.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { loadDocument } from "../../src/parse/document.js";
import { parseMath } from "../../src/parse/index.js";
import { fastCheck, fastMain } from "../../src/parse/fast.js";
import { printExpr } from "../../src/render/latex.js";
import { MacroTable } from "../../src/macro/index.js";
import { exprArb } from "../helpers/exprs.js";
import {
  haveCorpus,
  haveSeed,
  lectureFiles,
  LECTURES,
  NOTATION,
  SHARED,
  START,
  warnIfMissing,
} from "../helpers/parse.js";

const here = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const filesIn = (dir: string, ext: RegExp) =>
  readdirSync(here(dir))
    .filter((f) => ext.test(f))
    .map((f) => join(here(dir), f));

beforeAll(() => {
  fastCheck.on = true;
});
afterAll(() => {
  fastCheck.on = false;
});

/** Runs `f` with the hook on; returns how many fast parses were compared, failing on any mismatch. */
function compared(f: () => void): number {
  const before = fastCheck.compared;
  fastCheck.mismatches.length = 0;
  f();
  expect(fastCheck.mismatches).toEqual([]);
  return fastCheck.compared - before;
}

describe("fast path = nearley", () => {
  test("test fixtures and examples", () => {
    const files = [...filesIn("test/check/fixtures", /\.tex$/), ...filesIn("examples", /\.(tex|md)$/)];
    const n = compared(() => {
      for (const f of files) loadDocument(f);
    });
    expect(n).toBeGreaterThan(50);
  });
  warnIfMissing("the fast-path comparison on the seeds", haveSeed);
  test.skipIf(!haveSeed)("seeds", () => {
    const seeds = readdirSync(join(SHARED, "seeds"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => join(SHARED, "seeds", f));
    expect(
      compared(() => {
        for (const f of seeds) loadDocument(f, { macroFiles: [NOTATION] });
      }),
    ).toBeGreaterThan(20);
  });
  warnIfMissing("the fast-path comparison on the corpus", haveCorpus);
  test.skipIf(!haveCorpus)("corpus lectures", () => {
    expect(
      compared(() => {
        for (const f of lectureFiles()) loadDocument(f, { macroFiles: [NOTATION], root: LECTURES });
      }),
    ).toBeGreaterThan(500);
  });
  test("random trees, printed", () => {
    const table = new MacroTable();
    const n = compared(() =>
      fc.assert(
        fc.property(exprArb(4), (e) => {
          try {
            parseMath(printExpr(e), START, table);
          } catch {
            /* an error is nearley's: only fast parses are compared */
          }
        }),
        { numRuns: 1500, seed: 9 },
      ),
    );
    expect(n).toBeGreaterThan(1000);
  });
  test.each([
    "y = W x + b",
    "\\mathbf{y}_{17} = W \\mathbf{x}_{17} + \\mathbf{b}",
    "x \\in \\mathbb{R}^{m \\times n}",
    "a, b > 0",
    "\\frac{\\partial L}{\\partial W} = 2 (W x - y) x^\\top",
    "\\frac{\\partial^2 f}{\\partial x \\partial y} = 0",
    "= a + b",
    "a - -b",
    "-a^2",
    "+a",
    "(a, b)",
    "(a, b]",
    "[a)",
    "x^\\top y'",
    "x''",
    "x^{-1}",
    "x^\\ast y",
    "{a}^{2}_{i}",
    "\\sqrt{x}^2",
    "\\frac{a + b}{c} d",
    "a \\cdot b \\times c \\odot d \\oslash e \\otimes f \\div g * h / i",
    "X^{(l)}_{t}",
    "W_{ij}",
    "\\mathbf{1}^\\top \\mathbf{x}",
    "a = b = c",
    "a = b, c \\leq d",
    "x \\in \\mathbb{R}",
    "(a + b)(c - d)^{-1}",
    "e^{x}",
    "x_{i,j}",
    "a_{1:n}",
  ])("%s: parsed on the fast path, and the same as nearley", (src) => {
    let fast = 0;
    expect(
      compared(() => {
        fast = parseMath(src, START, new MacroTable()).relations.length;
      }),
    ).toBeGreaterThan(0);
    expect(fast).toBeGreaterThan(0);
  });
  test.each([
    "\\exp(x)",
    "\\sum_i x_i",
    "|x|",
    "\\|x\\|",
    "f(x \\mid y)",
    "\\frac{\\partial}{\\partial x} f",
    "\\frac{\\mathrm{d} y}{\\mathrm{d} x}",
    "a \\pm b",
    "\\langle a, b \\rangle",
    "\\infty",
    "\\sqrt[3]{x}",
    "\\begin{bmatrix} a & b \\end{bmatrix}",
  ])("%s is left to nearley", (src) => {
    const r = parseMath(src, START, new MacroTable());
    expect(r.relations.length).toBe(1);
    expect(fastMain(r.tokens)).toBeNull();
  });
});
