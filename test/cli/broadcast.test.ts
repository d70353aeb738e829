// Broadcasts through the command line (issue 8): `check` accepts the summed gradient of a broadcast scalar or
// column and calls the unsummed one incorrect with a shape diagnosis; `verify --target all` (js, numpy, torch
// with gradcheck, C) passes on the broadcast statement files.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { BROADCASTS } from "../derive/broadcasts.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-broadcast-"));
let n = 0;
const file = (text: string) => {
  const f = join(dir, `b${++n}.tex`);
  writeFileSync(f, text);
  return f;
};

interface Claim {
  line: number;
  verdict: string;
  reason: string;
}
async function verdicts(text: string): Promise<Claim[]> {
  const r = await runCli("check", file(text), "--json");
  return (JSON.parse(r.out) as { claims: Claim[] }).claims;
}

const ISSUE = BROADCASTS["x − s (the issue's case)"];

describe("check: broadcast gradients", () => {
  test("∂L/∂s for y = x − s is −1ᵀ ∂L/∂y; −∂L/∂y (a vector) is a shape mismatch", async () => {
    const cs = await verdicts(
      ISSUE +
        [
          "\\frac{\\partial L}{\\partial s} = -\\mathbf{1}^\\top \\frac{\\partial L}{\\partial \\mathbf{y}}",
          "\\frac{\\partial L}{\\partial s} = -2 \\mathbf{1}^\\top \\mathbf{y}",
          "\\frac{\\partial L}{\\partial s} = -\\frac{\\partial L}{\\partial \\mathbf{y}}",
          "\\frac{\\partial L}{\\partial s} = 2 \\mathbf{1}^\\top \\mathbf{y}",
          "",
        ].join("\n"),
    );
    expect(cs.map((c) => c.verdict)).toEqual(["correct", "correct", "incorrect", "incorrect"]);
    expect(cs[2].reason).toMatch(/shape mismatch.*scalar.*n×1/);
    expect(cs[3].reason).toMatch(/sign/);
  });
  test("a column, a row and a scalar broadcast into one matrix", async () => {
    const cs = await verdicts(
      [
        "X \\in \\mathbb{R}^{n \\times d}",
        "W \\in \\mathbb{R}^{d \\times m}",
        "\\mathbf{b} \\in \\mathbb{R}^{n}",
        "\\mathbf{c} \\in \\mathbb{R}^{m}",
        "s \\in \\mathbb{R}",
        "Y = X W + \\mathbf{b} + \\mathbf{1} \\mathbf{c}^\\top - s",
        "L = \\operatorname{sum}(\\tanh(Y))",
        "\\frac{\\partial L}{\\partial \\mathbf{b}} = \\frac{\\partial L}{\\partial Y} \\mathbf{1}",
        "\\frac{\\partial L}{\\partial \\mathbf{c}} = \\frac{\\partial L}{\\partial Y}^\\top \\mathbf{1}",
        "\\frac{\\partial L}{\\partial s} = -\\mathbf{1}^\\top \\frac{\\partial L}{\\partial Y} \\mathbf{1}",
        "\\frac{\\partial L}{\\partial s} = -\\operatorname{sum}\\left(\\frac{\\partial L}{\\partial Y}\\right)",
        "\\frac{\\partial L}{\\partial \\mathbf{b}} = \\frac{\\partial L}{\\partial Y}",
        "\\frac{\\partial L}{\\partial s} = -\\frac{\\partial L}{\\partial Y}",
        "",
      ].join("\n"),
    );
    expect(cs.map((c) => c.verdict)).toEqual(["correct", "correct", "correct", "correct", "incorrect", "incorrect"]);
    expect(cs[4].reason).toMatch(/shape mismatch.*n×1.*n×m/);
    expect(cs[5].reason).toMatch(/shape mismatch.*scalar.*n×m/);
  });
});

describe("verify --target all on broadcasts", () => {
  for (const name of [
    "x − s (the issue's case)",
    "s − X (matrix)",
    "X W + b, b ∈ ℝⁿ (column, lecture convention)",
    "logistic regression with a scalar bias",
  ]) {
    test(name, async () => {
      const r = await runCli("verify", file(BROADCASTS[name]), "--target", "all", "--json");
      const j = JSON.parse(r.out) as { passed: boolean; targets: { target: string }[] };
      expect(j.targets.map((t) => t.target)).toEqual(["js", "numpy", "torch", "c"]);
      expect(j.passed, r.out).toBe(true);
      expect(r.code).toBe(0);
    }, 120_000);
  }
});

describe("jacobian and emitted jacobian_/hessian_ through broadcasts", () => {
  test("jacobian of y = x − s by s is −1_n, checked numerically", async () => {
    const r = await runCli("jacobian", file(ISSUE), "--of", "y", "--wrt", "s", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { shape: string; check: { relErr: number } };
    expect(j.shape).toBe("n × 1");
    expect(j.check.relErr).toBeLessThan(1e-6);
  });
  for (const [name, x] of [
    ["X W + b, b ∈ ℝⁿ (column, lecture convention)", "b"],
    ["logistic regression with a scalar bias", "b"],
    ["σ(x + s)", "s"],
  ]) {
    test(`verify --jacobian ${x} --hessian ${x}: ${name}`, async () => {
      const r = await runCli(
        "verify",
        file(BROADCASTS[name]),
        "--target",
        "numpy",
        "--jacobian",
        x,
        "--hessian",
        x,
        "--json",
      );
      const j = JSON.parse(r.out) as { passed: boolean; targets: { extras: { name: string; relErr: number }[] }[] };
      expect(j.passed, r.out).toBe(true);
      for (const t of j.targets) expect(t.extras.map((e) => e.name).sort()).toEqual([`hessian_${x}`, `jacobian_${x}`]);
    }, 120_000);
  }
});
