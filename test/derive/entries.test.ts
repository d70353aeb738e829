// A declared vector used only through its entries under a sum (f = \sum_i x_i^2 beside \mathbf{x} ∈ ℝⁿ, issue 8):
// the members x_i are family data (test/derive: data-point sums), so nothing was derived by \mathbf{x} — `derive`
// printed no gradient and `check` said "\mathbf{x} does not influence f", both silently wrong (f = xᵀx depends on
// x). Now derive refuses with a located reason, and check's unverifiable reason says what is not supported. A
// data-point objective (y and X data, gradient by w) still derives.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-entries-"));
let n = 0;
const file = (text: string) => {
  const f = join(dir, `e${++n}.tex`);
  writeFileSync(f, text);
  return f;
};
const SUM = "\\mathbf{x} \\in \\mathbb{R}^{n}\nf = \\sum_{i=1}^{n} x_i^2\n";

describe("entries of a declared vector under a sum", () => {
  test("derive refuses, located at the definition", async () => {
    const f = file(SUM);
    const r = await runCli("derive", f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:2:1: error: \\mathbf{x} enters only through its entries x_{i}`);
    expect(r.out).toBe("");
  });
  test("derive --wrt x refuses the same way", async () => {
    const r = await runCli("derive", file(SUM), "--wrt", "x");
    expect(r.code).toBe(2);
    expect(r.err).toContain("does not differentiate through entries yet");
  });
  test("check: the claim is unverifiable with that reason, not 'does not influence'", async () => {
    const r = await runCli(
      "check",
      file(SUM + "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2 \\mathbf{x}\n"),
      "--json",
    );
    const c = (JSON.parse(r.out) as { claims: { verdict: string; reason: string }[] }).claims;
    expect(c.map((x) => x.verdict)).toEqual(["unverifiable"]);
    expect(c[0].reason).toContain("enters only through its entries");
    expect(c[0].reason).not.toContain("does not influence");
  });
  test("a data-point objective still derives the gradient by w", async () => {
    const r = await runCli(
      "derive",
      file(
        "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{y} \\in \\mathbb{R}^{n}\n\\mathbf{w} \\in \\mathbb{R}^{d}\nE = \\sum_{i=1}^{n} (y_i - \\mathbf{w}^\\top \\mathbf{x}_i)^2\n",
      ),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain("\\frac{\\partial E}{\\partial \\mathbf{w}}");
  });
});
