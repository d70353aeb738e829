// Print → parse is the identity on parsed trees: every tree the parser can build prints as LaTeX that reads back
// as the same tree (hash-consed, so `===`), with exactly one parse.
import { afterAll, describe, expect, test } from "vitest";
import fc from "fast-check";
import { parseStats } from "../../src/parse/index.js";
import { printExpr } from "../../src/render/latex.js";
import { exprArb, LEAF_SOURCES } from "../helpers/exprs.js";
import { parseExpr } from "../helpers/parse.js";
import katex from "katex";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { MacroTable } from "../../src/macro/index.js";
import { katexMacros } from "../../src/render/katex.js";

const NO_MACROS = new MacroTable();
/** Render with KaTeX, throwing on any error (the author's undefined macros get the renderer's stand-ins). */
export function katexRenders(latex: string, table: MacroTable = NO_MACROS): string | null {
  try {
    katex.renderToString(latex, { throwOnError: true, strict: "ignore", macros: katexMacros([latex], table) });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
/** Products whose left operand is a product of another kind (⊙ or ⊗ under juxtaposition, ⊙ under ⊗, …). */
const mixedLeft = (e: Expr): Expr[] => {
  const out: Expr[] = [];
  A.some(e, (x) => {
    if (x.k === "op" && ["mul", "hadamard", "kron"].includes(x.op)) {
      const l = x.args[0];
      if (l.k === "op" && ["hadamard", "kron"].includes(l.op) && l.op !== x.op) out.push(l);
    }
    return false;
  });
  return out;
};

afterAll(() => expect(parseStats.ambiguousSubparses).toBe(0));

describe("round trip: print, then parse", () => {
  test.each(LEAF_SOURCES.map((s) => [s]))("leaf %s", (src) => {
    const e = parseExpr(src);
    expect(parseExpr(printExpr(e))).toBe(e);
  });

  test("random expression trees", () => {
    fc.assert(
      fc.property(exprArb(Number(process.env.TEXGRAD_ROUNDTRIP_DEPTH ?? 4)), (e) => {
        const printed = printExpr(e);
        const back = parseExpr(printed);
        if (back !== e) throw new Error(`${printed}\n  reads back as\n${printExpr(back)}`);
        const err = katexRenders(printed);
        if (err) throw new Error(`${printed}\n  does not render in KaTeX: ${err}`);
      }),
      { numRuns: Number(process.env.TEXGRAD_ROUNDTRIP_RUNS ?? 2000) },
    );
  });

  test("a product of another kind on the left of a product prints in parentheses, as a reader takes it", () => {
    fc.assert(
      fc.property(exprArb(3), (e) => {
        const printed = printExpr(e);
        for (const l of mixedLeft(e)) expect(printed, printed).toContain(`\\left(${printExpr(l)}\\right)`);
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    [
      "(\\frac{\\partial L}{\\partial A} \\odot A) \\mathbf{1}\\mathbf{1}^\\top",
      "\\left(\\frac{\\partial L}{\\partial A} \\odot A\\right) \\mathbf{1} \\mathbf{1}^\\top",
    ],
    ["(A \\otimes B) C", "\\left(A \\otimes B\\right) C"],
    ["(A \\odot B) \\otimes C", "\\left(A \\odot B\\right) \\otimes C"],
    ["A B \\odot C", "A B \\odot C"],
    ["{\\mathbf{W}^{(2)}}^\\top", "{\\mathbf{W}^{(2)}}^\\top"],
    ["{W^{(2)}}^{-1}", "{W^{(2)}}^{-1}"],
    ["{W^{(2)}}^2", "{W^{(2)}}^2"],
    ["{W_q}_{i,j}", "{W_{q}}_{i,j}"],
    ["W_q^\\top", "W_{q}^\\top"],
    // a prime is a superscript: f'_{i}^{2} would be a double superscript (found by the random trees above)
    ["{f'_{:,:}}^{\\circ 2}", "{f'_{:,:}}^{\\circ 2}"],
    // a comma inside \left[ \right] in a subscript is not a slice separator (found by the random trees in CI)
    ["a + \\mathbf{e}_{\\arg\\max X\\left[b, c\\right]}", "a + \\mathbf{e}_{\\arg\\max X\\left[b, c\\right]}"],
  ])("%s prints as %s, re-parses and renders", (src, want) => {
    const e = parseExpr(src);
    expect(printExpr(e)).toBe(want);
    expect(parseExpr(want)).toBe(e);
    expect(katexRenders(want)).toBeNull();
  });

  test("printing is stable: the printed text of a parsed formula prints the same", () => {
    fc.assert(
      fc.property(exprArb(3), (e) => {
        const once = printExpr(e);
        expect(printExpr(parseExpr(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
