// Kernels for the log-like functions, sign and the vector reductions: `texgrad verify --target all` runs the
// emitted js, numpy, torch (with torch.autograd.gradcheck) and C kernels against central finite differences.
// Unsupported names exit 2 with a located error that names them.
import { describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-lognames-"));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

const SMOOTH = file(
  "smooth.tex",
  `\\mathbf{x} \\in \\mathbb{R}^{n}
A \\in \\mathbb{R}^{m \\times n}
\\mathbf{u} = \\tan(\\mathbf{x}) + \\sinh(\\mathbf{x}) \\odot \\cosh(\\mathbf{x}) + \\arctan(A^\\top A \\mathbf{x})
\\mathbf{h} = \\tanh(A \\mathbf{u}) + \\operatorname{sign}(A \\mathbf{x}) \\odot \\coth(\\exp(A \\mathbf{x}))
f = \\|\\mathbf{h}\\|_1 + \\|\\mathbf{u}\\|_\\infty + \\max(\\mathbf{h}) - \\min(A \\mathbf{u}) + \\mathbf{1}^\\top \\arcsin(\\tanh(\\mathbf{x}) / 2)
`,
);
const TRIG = file(
  "trig.tex",
  `\\mathbf{x} \\in \\mathbb{R}^{n}
s \\in \\mathbb{R}
\\mathbf{v} = \\cot(\\mathbf{x} \\odot \\mathbf{x} + 1) + \\csc(\\exp(\\mathbf{x}) + 0.5) + \\sec(\\tanh(\\mathbf{x})) + \\arccos(\\tanh(s \\mathbf{x}) / 2)
f = \\max(\\mathbf{v}) + \\min \\mathbf{v} + \\|\\mathbf{v}\\|_1 + \\tan(s) + \\operatorname{sign}(s) s + \\|s \\mathbf{x}\\|_\\infty
`,
);
// a vector output: the VJP through elementwise functions, with e_{arg max} inside
const VECTOR = file(
  "vector.tex",
  `\\mathbf{x} \\in \\mathbb{R}^{n}
W \\in \\mathbb{R}^{m \\times n}
\\mathbf{y} = \\sinh(W \\mathbf{x}) \\max(\\mathbf{x}) + \\arctan(W \\mathbf{x}) \\|\\mathbf{x}\\|_\\infty
`,
);

describe("texgrad verify --target all", () => {
  test.each([
    ["smooth", SMOOTH],
    ["trig", TRIG],
    ["vector", VECTOR],
  ])(
    "%s",
    async (_n, f) => {
      for (const seed of ["1", "2"]) {
        const r = await runCli("verify", f, "--target", "all", "--json", "--seed", seed);
        const j = JSON.parse(r.out);
        expect(j.targets.map((t: { target: string }) => t.target)).toEqual(["js", "numpy", "torch", "c"]);
        expect(j.passed, r.out).toBe(true);
        expect(r.code).toBe(0);
      }
    },
    240_000,
  );
  test("the kernel's inputs are the document's symbols, not function names", async () => {
    const out = join(dir, "smooth.js");
    expect((await runCli("emit", SMOOTH, "--target", "js", "-o", out)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(
      'export const INPUTS = Object.freeze({ "x": Object.freeze(["n"]), "A": Object.freeze(["m", "n"]) });',
    );
  });
});

describe("unsupported names exit 2 with a located error", () => {
  test.each([
    ["\\sup", "f = \\sup(\\mathbf{x})", 5, "\\sup is not supported"],
    ["\\Pr", "f = \\Pr(\\mathbf{x})", 5, "\\Pr is not supported"],
    ["\\dim", "f = \\dim \\mathbf{x}", 5, "\\dim is not supported"],
    [
      "\\operatorname{foo}",
      "f = \\mathbf{1}^\\top \\operatorname{foo}(\\mathbf{x})",
      21,
      "\\operatorname{foo} is not supported",
    ],
    ["\\max_i", "f = \\max_{i} x_i", 5, "\\max_{…} over an index is not supported"],
  ])("%s", async (_n, line, col, message) => {
    const f = file("bad.tex", `\\mathbf{x} \\in \\mathbb{R}^{n}\n${line}\n`);
    for (const cmd of [
      ["derive", f],
      ["emit", f, "--target", "numpy"],
    ]) {
      const r = await runCli(...cmd);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${f}:2:${col}: error: ${message}`);
    }
  });
  test("\\max of a matrix is a shape error naming it", async () => {
    const f = file("maxmat.tex", "X \\in \\mathbb{R}^{n \\times d}\nf = \\max(X)\n");
    const r = await runCli("derive", f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/maxmat\.tex:2:\d+: error: .*\\max of a matrix is not supported \(got n×d; only a vector\)/);
  });
});
