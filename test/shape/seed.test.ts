// Issue 2 acceptance on the seed lecture (with the notation file): every math segment parses, every definition
// has a shape, Q, K and V share their rows with X, and the logits and the attention matrix are square.
import { describe, expect, test } from "vitest";
import { loadDocument } from "../../src/parse/document.js";
import type { Shape } from "../../src/shape/shape.js";
import { haveSeed, NOTATION, SEED, warnIfMissing } from "../helpers/parse.js";

warnIfMissing("the seed lecture test", haveSeed);

describe.skipIf(!haveSeed)("seed: chain-rule-transformer-attention.md", () => {
  const doc = haveSeed ? loadDocument(SEED, { macroFiles: [NOTATION] }) : undefined!;
  const defs = haveSeed ? doc.statements.filter((r) => r.statement.kind === "definition") : [];
  /** The shape of the definition whose left side is written `latex`. */
  const defined = (latex: string): Shape => {
    const r = defs.find((x) => x.statement.kind === "definition" && x.statement.lhs.latex === latex);
    if (!r?.shape) throw new Error(`no shaped definition of ${latex}`);
    return r.shape;
  };
  const rows = (s: Shape) => (s.length ? doc.env.dims.show(s[0]) : "scalar");
  const cols = (s: Shape) => (s.length ? doc.env.dims.show(s[1]) : "scalar");

  test("every math segment parses, with no error", () => {
    expect(doc.errors).toEqual([]);
    expect(doc.failedSegments).toBe(0);
    expect(doc.segments).toBe(29);
    expect(doc.statements).toHaveLength(29);
  });
  test("every definition has an inferred shape", () => {
    expect(defs.map((r) => r.statement.kind === "definition" && r.statement.lhs.latex)).toEqual([
      "\\queryMatrix",
      "\\keyMatrix",
      "\\valueMatrix",
      "\\attentionMatrix",
      "\\outputMatrix",
      "\\logitsMatrix",
      "\\attentionHead_{i}",
      "\\multiHeadOutput",
    ]);
    for (const r of defs) {
      expect(r.shape, r.latex).not.toBeNull();
      expect(r.shapeError, r.latex).toBeUndefined();
    }
  });
  test("Q, K and V share rows with X", () => {
    const X = doc.env.shapes.get("X"); // \inputMatrix is \mathbf{X} in the notation file
    expect(X && X.length).toBe(2);
    for (const m of ["\\queryMatrix", "\\keyMatrix", "\\valueMatrix"]) expect(rows(defined(m)), m).toBe(rows(X!));
    // Q and K meet in Q Kᵀ: the same width
    expect(cols(defined("\\queryMatrix"))).toBe(cols(defined("\\keyMatrix")));
  });
  test("the logits and the attention matrix are square, n×n with n the rows of X", () => {
    for (const m of ["\\logitsMatrix", "\\attentionMatrix"]) {
      const s = defined(m);
      expect(rows(s), m).toBe(cols(s));
      expect(rows(s), m).toBe(rows(doc.env.shapes.get("X")!));
    }
    expect(rows(defined("\\outputMatrix"))).toBe(rows(defined("\\attentionMatrix")));
    expect(cols(defined("\\outputMatrix"))).toBe(cols(defined("\\valueMatrix")));
  });
  test("claims are shaped; the value-gradient claim as written does not conform (∂L/∂O Aᵀ)", () => {
    const claims = doc.statements.filter((r) => r.statement.kind === "claim");
    expect(claims.length).toBeGreaterThanOrEqual(10);
    for (const r of claims) expect(r.shape, r.latex).not.toBeNull();
    // the lecture writes ∂L/∂V = ∂L/∂O Aᵀ; with O = A V the gradient is Aᵀ ∂L/∂O, so the product's shapes clash
    const v = claims.find((r) => r.loc.line === 37)!;
    expect(v.shapeError).toMatch(/product: shapes .* do not conform/);
  });
});
