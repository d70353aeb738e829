// Print → parse is the identity on parsed trees: every tree the parser can build prints as LaTeX that reads back
// as the same tree (hash-consed, so `===`), with exactly one parse.
import { afterAll, describe, expect, test } from "vitest";
import fc from "fast-check";
import { parseStats } from "../../src/parse/index.js";
import { printExpr } from "../../src/render/latex.js";
import { exprArb, LEAF_SOURCES } from "../helpers/exprs.js";
import { parseExpr } from "../helpers/parse.js";

afterAll(() => expect(parseStats.ambiguousSubparses).toBe(0));

describe("round trip: print, then parse", () => {
  test.each(LEAF_SOURCES.map((s) => [s]))("leaf %s", (src) => {
    const e = parseExpr(src);
    expect(parseExpr(printExpr(e))).toBe(e);
  });

  test("random expression trees", () => {
    fc.assert(fc.property(exprArb(Number(process.env.TEXGRAD_ROUNDTRIP_DEPTH ?? 4)), (e) => {
      const printed = printExpr(e);
      const back = parseExpr(printed);
      if (back !== e) throw new Error(`${printed}\n  reads back as\n${printExpr(back)}`);
    }), { numRuns: Number(process.env.TEXGRAD_ROUNDTRIP_RUNS ?? 2000) });
  });

  test("printing is stable: the printed text of a parsed formula prints the same", () => {
    fc.assert(fc.property(exprArb(3), (e) => {
      const once = printExpr(e);
      expect(printExpr(parseExpr(once))).toBe(once);
    }), { numRuns: 300 });
  });
});
