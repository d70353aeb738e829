// A Jacobian claim by a defined intermediate of a layer (∂a_2/∂z_1 with z_1 = tanh(a_1), a_2 = W_2 z_1), alone or
// as a generic layer ℓ, ran until it was out of memory: the claim's numerator a_2 was taken for the abstract
// scalar loss, and the read-off rules nested without end on the shapes that contradicted it. The claims are right
// (a_2 = W_2 z_1 is linear in z_1) and must be checked as such, within seconds; and a rewrite that does nest without
// end is a located refusal, never a hang.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument } from "../../src/check/index.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-runaway-"));
const check = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  const t0 = Date.now();
  const r = checkDocument(loadDocument(f));
  return { r, ms: Date.now() - t0 };
};

describe("Jacobian claims by a layer's intermediate end, and are checked", () => {
  test("statements: ∂a_2/∂z_1 = W_2 and ∂a_3/∂z_2 = W_3 through tanh layers are correct", () => {
    const { r, ms } = check(
      "mlp.tex",
      [
        "\\mathbf{a}_{1} = W_{1} \\mathbf{z}_{0}",
        "\\mathbf{z}_{1} = \\tanh(\\mathbf{a}_{1})",
        "\\mathbf{a}_{2} = W_{2} \\mathbf{z}_{1}",
        "\\mathbf{z}_{2} = \\tanh(\\mathbf{a}_{2})",
        "\\mathbf{a}_{3} = W_{3} \\mathbf{z}_{2}",
        "\\frac{\\partial \\mathbf{a}_{3}}{\\partial \\mathbf{z}_{2}} = W_{3}",
        "\\frac{\\partial \\mathbf{a}_{2}}{\\partial \\mathbf{z}_{1}} = W_{2}",
      ].join("\n") + "\n",
    );
    expect(r.map((x) => x.verdict)).toEqual(["correct", "correct"]);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);

  test("a layer family a_ℓ = W_ℓ z_{ℓ-1}, z_ℓ = tanh(a_ℓ): the claim ∂a_ℓ/∂z_{ℓ-1} = W_ℓ is correct", () => {
    const { r } = check(
      "family.md",
      "Each layer computes $\\mathbf{a}_\\ell = W_\\ell \\mathbf{z}_{\\ell-1}$ and $\\mathbf{z}_\\ell = \\tanh(\\mathbf{a}_\\ell)$.\n" +
        "$$\\frac{\\partial \\mathbf{a}_\\ell}{\\partial \\mathbf{z}_{\\ell-1}} = W_\\ell$$\n",
    );
    expect(r.map((x) => x.verdict)).toEqual(["correct"]);
  }, 60_000);
  test("h_ℓ = h_ℓ(f_ℓ), a function the lecture never gives, beside a Jacobian claim of it: ∂f_ℓ/∂h_{ℓ-1} = W_ℓ is correct", () => {
    // the first claim's numerator h_ℓ is a vector the document writes only as h_ℓ(f_ℓ): taken for the scalar loss
    // it made the read-off nest without end (on main before this fix: out of memory; with only the depth limit: a
    // refusal). The loss of the other claims is the abstract L.
    const { r, ms } = check(
      "abstract-layer.md",
      "Each layer computes $\\mathbf{f}_\\ell = \\mathbf{W}_\\ell \\mathbf{h}_{\\ell-1}$ and then $\\mathbf{h}_\\ell = \\mathbf{h}_\\ell(\\mathbf{f}_\\ell)$.\n" +
        "$$\\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{f}_\\ell} = \\mathbf{D}_\\ell$$\n" +
        "$$\\frac{\\partial \\mathbf{f}_\\ell}{\\partial \\mathbf{h}_{\\ell-1}} = \\mathbf{W}_\\ell$$\n",
    );
    expect(r.map((x) => x.verdict)).toEqual(["unverifiable", "correct"]);
    expect(r[0].reason).toContain("a general function it never specifies");
    expect(ms).toBeLessThan(20_000);
  }, 60_000);
});
