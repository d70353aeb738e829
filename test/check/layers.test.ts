// Layer families: an MLP with an abstract nonlinearity φ and a generic layer ℓ, checked by writing the family out
// at depths 2–4 and instantiating ℓ at every admissible layer (src/check/layers.ts). Right claims must be
// correct at every instance, wrong ones incorrect with the instance that fails.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import * as A from "../../src/ast/index.js";
import { checked, byLine, FIXTURES, HAVE_SHARED, LECTURES, NOTATION } from "./helpers.js";
import { writeOut } from "../../src/check/layers.js";

const MLP = join(FIXTURES, "layers", "mlp.md"),
  SQUARE = join(FIXTURES, "layers", "mlp-square.md");

describe("check: a layer family with generic ℓ and abstract φ", () => {
  const { claims } = checked(MLP);

  test.each([
    [10, "∂E/∂W_ℓ = g_ℓ h_{ℓ−1}ᵀ", "L = 4 (ℓ = 1, 2, 3, 4)"],
    [11, "∂E/∂h_L = h_L − y", "L = 4"],
    [12, "g_L = φ′(f_L) ⊙ (h_L − y)", "L = 4"],
    [13, "g_ℓ = φ′(f_ℓ) ⊙ (W_{ℓ+1}ᵀ g_{ℓ+1})", "L = 4 (ℓ = 1, 2, 3)"],
    [14, "∂E/∂h_{ℓ−1} = W_ℓᵀ g_ℓ", "L = 4 (ℓ = 1, 2, 3, 4)"],
  ])("line %i (%s) holds at every depth and layer", (line, _what, last) => {
    const c = byLine(claims, line);
    expect(c.verdict, c.reason).toBe("correct");
    expect(c.reason).toContain("L = 2");
    expect(c.reason).toContain(last);
    expect(c.reason).toContain("\\phi");
  });

  // Hand review of the wrong claims (for every layer ℓ < L, ∂E/∂f_ℓ = φ′(f_ℓ) ⊙ ∂E/∂h_ℓ and ∂E/∂h_ℓ = W_{ℓ+1}ᵀ g_{ℓ+1}):
  // - g_ℓ = W_{ℓ+1}ᵀ g_{ℓ+1} drops φ′(f_ℓ), right only if φ′ ≡ 1 (no instance of φ is linear);
  // - ∂E/∂W_ℓ = g_ℓ h_ℓᵀ uses this layer's output, d_ℓ × d_ℓ where W_ℓ is d_ℓ × d_{ℓ−1};
  // - W_{ℓ+1} g_{ℓ+1} without the transpose is d_{ℓ+1} × d_ℓ times d_{ℓ+1}: it does not conform.
  // With square layers (mlp-square.md) the last two have the right shape and must be refuted by the numbers.
  test("a missing φ′ is refuted by the numbers at every instance", () => {
    const c = byLine(claims, 17);
    expect(c.verdict).toBe("incorrect");
    expect(c.reason).toMatch(/^fails at L = 2, ℓ = 1; .*L = 4, ℓ = 3; at L = 2, ℓ = 1: differs/);
    expect(c.derived).toContain("\\phi'");
  });

  test("ℓ for ℓ−1 and a missing transpose do not conform when the layers have their own widths", () => {
    expect(byLine(claims, 19).verdict).toBe("incorrect");
    expect(byLine(claims, 19).reason).toContain("shape mismatch");
    expect(byLine(claims, 21).verdict).toBe("incorrect");
    expect(byLine(claims, 21).reason).toContain("shape mismatch");
  });
});

describe("check: the same family with square layers (only the numbers decide)", () => {
  const { claims } = checked(SQUARE);

  test("the right claims hold", () => {
    for (const line of [10, 11]) expect(byLine(claims, line).verdict, byLine(claims, line).reason).toBe("correct");
  });

  test.each([
    [13, "ℓ for ℓ−1", /differs from the derived gradient/],
    [15, "missing transpose", /\\mathbf\{W\}_\{2\} should be \\mathbf\{W\}_\{2\}\^\\top/],
    [17, "missing φ′", /differs from the derived gradient/],
    [19, "W_ℓ for W_{ℓ+1}", /differs from the derived gradient/],
  ])("line %i (%s) is incorrect, refuted on the draws", (line, _what, why) => {
    const c = byLine(claims, line);
    expect(c.verdict).toBe("incorrect");
    expect(c.reason).toMatch(why);
    expect(c.reason).not.toContain("shape mismatch");
    expect(c.relErr ?? 0).toBeGreaterThan(0.1);
  });
});

describe("writing a family out", () => {
  test("depth 3: f_1…f_3 and h_1…h_3 from the generic definitions, h_0 = x concrete, E on h_3", () => {
    const { doc } = checked(SQUARE);
    const w = writeOut(doc, 3);
    const defs = new Map(
      w.doc.statements.flatMap((r) =>
        r.statement.kind === "definition" ? [[r.statement.lhs.name, r.statement.rhs] as const] : [],
      ),
    );
    for (const n of ["f_1", "f_2", "f_3", "h_0", "h_1", "h_2", "h_3", "E", "g_1", "g_2", "g_3"])
      expect(defs.has(n), n).toBe(true);
    expect(defs.has("f_0")).toBe(false);
    expect(defs.has("f_4")).toBe(false);
    // f_2 = W_2 h_1 and E = ½‖h_3 − y‖²: the layer symbols were renamed, not copied
    const f2 = defs.get("f_2")!;
    expect(A.symbolsOf(f2).has("W_2") && A.symbolsOf(f2).has("h_1")).toBe(true);
    expect(A.symbolsOf(defs.get("E")!).has("h_3")).toBe(true);
    // h_{ℓ−1} and h_{ℓ+1} are different symbols (the sign is part of the name)
    expect(A.symbolsOf(f2).has("h_3")).toBe(false);
  });

  test("∂E/∂W_ℓ = g_ℓ h_{ℓ−1}ᵀ is instantiated at ℓ = 1, 2, 3 for depth 3, never at ℓ = 0", () => {
    const { doc } = checked(SQUARE);
    const w = writeOut(doc, 3);
    const i = doc.statements.findIndex((r) => r.loc.line === 10);
    expect(w.instances.get(i)?.map((x) => x.ell)).toEqual([1, 2, 3]);
  });
});

describe.skipIf(!HAVE_SHARED)("check: the corpus lecture on the chain rule for neural networks", () => {
  const file = join(LECTURES, "_deepnn", "includes", "chain-rule-neural-network.md");
  const { claims } = checked(file, [NOTATION], LECTURES);

  test("d f_ℓ/d w_ℓ = h_{ℓ−1}ᵀ ⊗ I: w_ℓ is never defined, and the lecture's stacking line (f_ℓ = (f_ℓ):, the symbol mistyped) gives its order", () => {
    // the colon is column stacking, and vec(W h) = (hᵀ ⊗ I) vec W: right (\eye_{\layerDim_\layerIndex} is the identity)
    for (const line of [83, 98]) {
      const c = byLine(claims, line);
      expect(c.verdict).toBe("correct");
      expect(c.reason).toMatch(
        /^\\mappingVector_\{\\layerIndex\} is never defined: read as vec \(columns stacked\) of \\mappingMatrix_\{\\layerIndex\}, the stacking the lecture writes at line 90/,
      );
    }
  });

  test("the product over layers (lines 187, 204) is the chain rule: it links for k = 1, 2, 3, with no skip connection", () => {
    for (const line of [187, 204]) {
      const c = byLine(claims, line);
      expect(c.verdict).toBe("correct");
      expect(c.reason).toMatch(/^the chain rule over the layers: written out for k = 1, 2, 3/);
    }
  });

  test("d h_ℓ/d f_ℓ = Φ′: the basis function is only ever written h_ℓ = h_ℓ(f_ℓ)", () => {
    for (const line of [105, 115]) {
      const c = byLine(claims, line);
      expect(c.verdict).toBe("unverifiable");
      expect(c.reason).toContain(
        "the lecture writes only \\basisVector_{\\layerIndex} = \\basisVector_{\\layerIndex}\\left(\\mappingFunctionVector_{\\layerIndex}\\right), a general function it never specifies",
      );
    }
  });

  test("the across-layer gradient stays correct", () => {
    for (const line of [172, 180]) expect(byLine(claims, line).verdict).toBe("correct");
  });
});

describe("check: names for gradients in a network written out by hand", () => {
  const { claims } = checked(join(FIXTURES, "layers", "two-layer.md"));

  test("g_1 = ∂E/∂f_1 stands for that gradient, and a later g_1 = … is a claim about it", () => {
    expect(byLine(claims, 10).verdict, byLine(claims, 10).reason).toBe("correct");
    expect(byLine(claims, 11).verdict, byLine(claims, 11).reason).toBe("correct");
    // reviewed by hand: ∂E/∂f_1 = φ′(f_1) ⊙ ∂E/∂h_1 and ∂E/∂h_1 = W_2ᵀ g_2, so dropping φ′ is wrong unless φ′ ≡ 1;
    // φ is tanh, softplus, a cubic and sin on the four draws, none with φ′ ≡ 1
    const wrong = byLine(claims, 12);
    expect(wrong.verdict).toBe("incorrect");
    expect(wrong.derived).toContain("\\phi'");
  });

  test("the gradient names are not claims", () => {
    expect(claims.map((c) => c.loc.line)).toEqual([10, 11, 12]);
  });
});
