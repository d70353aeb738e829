// A plain I that the document never declares is the identity (issue 8, false alarms): read as a free matrix it was
// drawn at random, so the right claim ∂(xᵀ I x)/∂x = 2x was called incorrect ("corrected: (I + Iᵀ) x"). A declared
// I stays a matrix, and then 2x is wrong indeed (for a random I the gradient is (I + Iᵀ)x, checked numerically).
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-identity-"));
let n = 0;
const file = (text: string) => {
  const f = join(dir, `i${++n}.tex`);
  writeFileSync(f, text);
  return f;
};
const verdicts = async (text: string) =>
  (JSON.parse((await runCli("check", file(text), "--json")).out) as { claims: { verdict: string }[] }).claims.map(
    (c) => c.verdict,
  );
const QUAD =
  "\\mathbf{x} \\in \\mathbb{R}^{n}\nf = \\mathbf{x}^\\top I \\mathbf{x}\n\\frac{\\partial f}{\\partial \\mathbf{x}} = 2 \\mathbf{x}\n";

describe("plain I", () => {
  test("undeclared: the identity, so 2x is correct", async () => {
    expect(await verdicts(QUAD)).toEqual(["correct"]);
  });
  test("ridge regression written with plain I", async () => {
    expect(
      await verdicts(
        "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{y} \\in \\mathbb{R}^{n}\n\\mathbf{w} \\in \\mathbb{R}^{d}\n" +
          "E = (\\mathbf{y} - X \\mathbf{w})^\\top (\\mathbf{y} - X \\mathbf{w}) + \\lambda \\mathbf{w}^\\top I \\mathbf{w}\n" +
          "\\frac{\\partial E}{\\partial \\mathbf{w}} = 2 (X^\\top X + \\lambda I) \\mathbf{w} - 2 X^\\top \\mathbf{y}\n",
      ),
    ).toEqual(["correct"]);
  });
  test("declared as a matrix: a matrix, and 2x is incorrect", async () => {
    expect(await verdicts("I \\in \\mathbb{R}^{n \\times n}\n" + QUAD)).toEqual(["incorrect"]);
  });
  test("a count I (the limit of a sum) is not the identity", async () => {
    const r = await runCli("parse", file("\\mathbf{x} \\in \\mathbb{R}^{n}\nf = \\frac{1}{I} \\sum_{i=1}^{I} x_i\n"));
    expect(r.out).not.toContain("\\mathbf{I}");
  });
  test("derive reads the undeclared I as the identity: no gradient by I", async () => {
    const r = await runCli("derive", file("A \\in \\mathbb{R}^{n \\times n}\nf = \\operatorname{tr}(A + I)\n"));
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("\\partial I");
    expect(r.out).toContain("\\frac{\\partial f}{\\partial A} = \\mathbf{I}");
  });
});
