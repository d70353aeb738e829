// The terminal's face of the command line: formulas in Unicode with --unicode (the default on a terminal), LaTeX off
// a terminal and with --latex, --json untouched; and one-liners with -e (repeatable) in place of a file.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { ensureBuilt, ROOT } from "../helpers/build.js";

const ATTENTION = join(ROOT, "examples/attention.tex");

describe("formulas for a terminal", () => {
  test("off a terminal: LaTeX as before; --unicode: Unicode math; --latex wins", async () => {
    const latex = await runCli("derive", ATTENTION);
    expect(latex.out).toContain(
      "\\frac{\\partial L}{\\partial Q} = \\frac{1}{\\sqrt{d_{k}}} \\frac{\\partial L}{\\partial S} K",
    );
    const uni = await runCli("derive", ATTENTION, "--unicode");
    expect(uni.out).toContain("∂L/∂Q = (1/√d_k) ∂L/∂S K");
    expect(uni.out).toContain("∂L/∂X = ∂L/∂Q W_qᵀ + ∂L/∂K W_kᵀ + ∂L/∂V W_vᵀ");
    expect(uni.out).not.toContain("\\frac");
    expect((await runCli("derive", ATTENTION, "--unicode", "--latex")).out).toBe(latex.out);
  });

  test("--json is the same with --unicode", async () => {
    const a = await runCli("check", join(ROOT, "examples/attention.md"), "--json");
    const b = await runCli("check", join(ROOT, "examples/attention.md"), "--json", "--unicode");
    expect(b.out).toBe(a.out);
    expect(a.code).toBe(1);
  });

  test("check --unicode shows the wrong claim's diagnosis and correction in Unicode", async () => {
    const r = await runCli("check", join(ROOT, "examples/attention.md"), "--unicode");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /incorrect ∂L\/∂K = \(∂L\/∂S\)ᵀ Q\n\s+diagnosis: missing factor \(1\/√d_k\)\n\s+corrected: \(1\/√d_k\) \(∂L\/∂S\)ᵀ Q/,
    );
  });

  test("steps in Unicode are one rule a line", async () => {
    const r = await runCli("derive", ATTENTION, "--steps", "--unicode", "--of", "S");
    const steps = r.out.split("\n").filter((l) => l.includes("⟶"));
    expect(steps.length).toBeGreaterThan(2);
    for (const l of steps) expect(l).toMatch(/^ {4}[a-z][a-z0-9-]* +\S.*  ⟶  \S/);
  });

  test("a terminal gets Unicode without a flag, and no colour under NO_COLOR", () => {
    ensureBuilt();
    // `script` gives the command a terminal where it exists; otherwise the flag path above covers the printing
    const script = spawnSync(
      "script",
      ["-qc", `NO_COLOR=1 ${process.execPath} ${join(ROOT, "bin/texgrad.js")} derive ${ATTENTION}`, "/dev/null"],
      { encoding: "utf8" },
    );
    if (script.error) {
      console.log("skipping the terminal run: no `script` command");
      return;
    }
    expect(script.stdout).toContain("∂L/∂Q = (1/√d_k) ∂L/∂S K");
    expect(script.stdout).not.toContain("\x1b[");
  });
});

describe("one-liners with -e", () => {
  test("derive -e with the shapes inferred from use", async () => {
    const r = await runCli("derive", "-e", "f = \\operatorname{tr}(A X B)", "--wrt", "X");
    expect(r.code).toBe(0);
    // ∂ tr(AXB)/∂X = Aᵀ Bᵀ (Matrix Cookbook (100))
    expect(r.out).toContain("\\frac{\\partial f}{\\partial X} = A^\\top B^\\top");
  });

  test("-e is repeatable: a claim checked against the statements before it", async () => {
    // xᵀAx has gradient (A + Aᵀ)x; 2Ax holds only for a symmetric A, which nothing here assumes
    const r = await runCli(
      "check",
      "-e",
      "f = \\mathbf{x}^\\top A \\mathbf{x}",
      "-e",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2 A \\mathbf{x}",
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain("<expression>:2:1: incorrect");
    expect(r.out).toContain("corrected: \\left(A + A^\\top\\right) \\mathbf{x}");
  });

  test("an error in the k-th -e points at line k, with the statement and a caret", async () => {
    const r = await runCli("derive", "-e", "A = X W", "-e", "f = \\operatorname{tr}(A");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^<expression>:2:\d+: error: .*\nf = \\operatorname\{tr\}\(A\n +\^/);
  });

  test("-e beside a FILE: check reads both, derive refuses to guess", async () => {
    const both = await runCli(
      "check",
      join(ROOT, "examples/attention.md"),
      "-e",
      "f = \\mathbf{x}^\\top \\mathbf{x}",
      "-e",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2 \\mathbf{x}",
    );
    expect(both.out).toContain("<expression>:2:1: correct");
    expect(both.out).toContain("examples/attention.md:37:3: incorrect");
    const d = await runCli("derive", ATTENTION, "-e", "f = x^2");
    expect(d.code).toBe(2);
    expect(d.err).toContain("give ");
  });

  test("-e without a statement is an input error", async () => {
    const r = await runCli("derive", "-e");
    expect(r.code).toBe(2);
    expect(r.err).toContain("-e needs a statement");
  });

  test("emit -e gives a kernel module", () => {
    ensureBuilt();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, "bin/texgrad.js"), "emit", "--target", "numpy", "-e", "L = \\|X \\mathbf{w} - \\mathbf{y}\\|^2"],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("def gradients(");
  });
});
