// Defects the differential test (test/differential) found, each pinned by a case that failed on the original code.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { derivationOf } from "../codegen/helpers.js";
import { runDerivation } from "../../src/derive/numcheck.js";
import { pythonHas } from "../../src/codegen/verify/python.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-found-"));
let n = 0;
const file = (text: string) => {
  const f = join(dir, `f${++n}.tex`);
  writeFileSync(f, text);
  return f;
};

describe("d|x| is sign(x) dx, finite at x = 0", () => {
  const text =
    "Z \\in \\mathbb{R}^{k \\times d}\nY = \\operatorname{abs}(\\operatorname{ReLU}(Z))\nL = \\mathbf{1}^\\top Y \\mathbf{1}\n";
  test("the gradient of 1ᵀ|ReLU(Z)|1 is step(Z), never NaN (x/|x| was 0/0 where ReLU clamps)", () => {
    const d = derivationOf(text, { of: "L" });
    for (let seed = 1; seed <= 5; seed++) {
      const run = runDerivation(d, seed);
      const z = run.values.get("Z")!;
      const g = run.derivs.get(d.backward.find((b) => b.target.name === "Z")!.name)!;
      if (typeof z === "number" || typeof g === "number") throw new Error("Z is a matrix");
      expect(Array.from(g.data)).toEqual(Array.from(z.data, (x) => (x > 0 ? 1 : 0)));
    }
  });
  test("verify passes for every target", async () => {
    const r = await runCli("verify", file(text), "--of", "L", "--target", "all");
    expect(r.out).not.toContain("MISMATCH");
    expect(r.code).toBe(0);
  });
  test("\\operatorname{sign} reads as the sign op, its derivative 0", async () => {
    const r = await runCli(
      "derive",
      file("\\mathbf{x} \\in \\mathbb{R}^{n}\nL = \\mathbf{x}^\\top \\operatorname{sign}(\\mathbf{x})\n"),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "\\frac{\\partial L}{\\partial \\mathbf{x}} = \\operatorname{sign}\\left(\\mathbf{x}\\right)",
    );
  });
});

describe.skipIf(!pythonHas("torch"))("a size input used as a value", () => {
  test("torch: \\sqrt{k} where k is a size no input's shape gives (G unused) — torch.sqrt(int) raised", async () => {
    const f = file(
      "G \\in \\mathbb{R}^{T \\times k}\n\\tau \\in \\mathbb{R}\nH = \\sigma(G)\nY = \\frac{\\exp(\\sqrt{k})}{\\tau}\n",
    );
    const r = await runCli("verify", f, "--of", "Y", "--target", "torch");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });
});
