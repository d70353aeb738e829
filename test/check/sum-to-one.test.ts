// The assumption 1ᵀt = 1 (issue 10, "Conditions a claim depends on"): stated in the document, it restricts the
// draws (t positive and divided by its sum), so the textbook softmax cross-entropy gradient s − t is correct. It was
// read as a formula, not an assumption, and the right claim was called incorrect. Without it s − t is incorrect,
// reviewed by hand: ∂/∂z of −tᵀ log softmax(z) is (1ᵀt) s − t, which is s − t only when 1ᵀt = 1 (here confirmed by
// central differences, independently of texgrad, at a t that sums to 2).
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-sum1-"));
let n = 0;
const file = (text: string) => {
  const f = join(dir, `s${++n}.tex`);
  writeFileSync(f, text);
  return f;
};
const verdicts = async (text: string) =>
  (JSON.parse((await runCli("check", file(text), "--json")).out) as { claims: { verdict: string }[] }).claims.map(
    (c) => c.verdict,
  );
const DECL = "\\mathbf{z} \\in \\mathbb{R}^{k}\n\\mathbf{t} \\in \\mathbb{R}^{k}\n";
const LOSS = "\\mathbf{s} = \\operatorname{softmax}(\\mathbf{z})\n\\ell = -\\mathbf{t}^\\top \\log \\mathbf{s}\n";
const claim = (rhs: string) => `\\frac{\\partial \\ell}{\\partial \\mathbf{z}} = ${rhs}\n`;

describe("1ᵀt = 1 restricts the draws", () => {
  test("with the assumption: s − t correct, t − s and s − 2t incorrect", async () => {
    const text =
      DECL +
      "\\mathbf{1}^\\top \\mathbf{t} = 1\n" +
      LOSS +
      claim("\\mathbf{s} - \\mathbf{t}") +
      claim("\\mathbf{t} - \\mathbf{s}") +
      claim("\\mathbf{s} - 2 \\mathbf{t}");
    expect(await verdicts(text)).toEqual(["correct", "incorrect", "incorrect"]);
  });
  test("written tᵀ1 = 1 too", async () => {
    expect(
      await verdicts(DECL + "\\mathbf{t}^\\top \\mathbf{1} = 1\n" + LOSS + claim("\\mathbf{s} - \\mathbf{t}")),
    ).toEqual(["correct"]);
  });
  test("without it: s − t is incorrect, and (1ᵀt) s − t is correct", async () => {
    expect(
      await verdicts(
        DECL +
          LOSS +
          claim("\\mathbf{s} - \\mathbf{t}") +
          claim("(\\mathbf{1}^\\top \\mathbf{t}) \\mathbf{s} - \\mathbf{t}"),
      ),
    ).toEqual(["incorrect", "correct"]);
  });
  test("without it: the diagnosis names the condition, and only for the claim it rescues", async () => {
    const r = await runCli(
      "check",
      file(DECL + LOSS + claim("\\mathbf{s} - \\mathbf{t}") + claim("\\mathbf{t} - \\mathbf{s}")),
      "--json",
    );
    const cs = (JSON.parse(r.out) as { claims: { verdict: string; reason: string }[] }).claims;
    expect(cs.map((c) => c.verdict)).toEqual(["incorrect", "incorrect"]);
    expect([cs[0].reason]).toEqual([
      "holds only if \\mathbf{1}^\\top \\mathbf{t} = 1, which the lecture does not assume",
    ]);
    expect(cs[1].reason).not.toContain("holds only if");
  });
  test("the hand review, by central differences: the gradient is (1ᵀt)s − t", () => {
    const z = [0.3, -1.2, 0.8],
      t = [0.5, 1.0, 0.5];
    const loss = (x: number[]) => {
      const m = Math.max(...x),
        lse = m + Math.log(x.reduce((a, v) => a + Math.exp(v - m), 0));
      return -t.reduce((a, ti, i) => a + ti * (x[i] - lse), 0);
    };
    const e = Math.exp,
      zs = z.map(e),
      sum = zs.reduce((a, b) => a + b, 0),
      s = zs.map((v) => v / sum);
    const h = 1e-6;
    for (let i = 0; i < 3; i++) {
      const zp = [...z],
        zm = [...z];
      zp[i] += h;
      zm[i] -= h;
      const fd = (loss(zp) - loss(zm)) / (2 * h);
      expect(Math.abs(fd - (2 * s[i] - t[i]))).toBeLessThan(1e-8);
      expect(Math.abs(fd - (s[i] - t[i]))).toBeGreaterThan(1e-2);
    }
  });
});
