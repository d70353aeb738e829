// User-facing text never shows internal names: no fresh dimension names (m8), no hash-cons keys (d:35:1:0(22)),
// no helper operations (eyeof, onesof, select_1, commutation, kronleft, lnscale, ncols, quadform) in the LaTeX that
// derive, check, jacobian, hessian and render print, and a kernel's INPUTS and OUTPUT_SHAPE list only the
// document's inputs and dimension names (a dimension it never names reads rows(Q) or cols(V)). Kernel code itself
// may keep helper names.
import { afterAll, describe, expect, test } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { scratch } from "../helpers/parse.js";
import { loadDocument } from "../../src/parse/document.js";
import { documentDerivation } from "../../src/render/report.js";

const dir = scratch("internal-names");
afterAll(() => dir.remove());

const OWN: Record<string, string> = {
  // no declarations: every size is a fresh dimension
  "nodecl.md": [
    "Attention without declarations:",
    "$$S = Q K^\\top$$",
    "$$A = \\operatorname{softmax}(S)$$",
    "$$O = A V$$",
    "$$\\frac{\\partial L}{\\partial V} = \\frac{\\partial L}{\\partial O} A$$",
    "$$\\frac{\\partial L}{\\partial Q} = \\frac{\\partial L}{\\partial S}^\\top K$$",
  ].join("\n"),
  "concat.md": [
    "$H_1 \\in \\mathbb{R}^{n \\times d_v}$, $H_2 \\in \\mathbb{R}^{n \\times d_v}$, $W_o \\in \\mathbb{R}^{2d_v \\times d}$",
    "$$M = \\operatorname{concat}(H_1, H_2) W_o$$",
    "$$\\frac{\\partial L}{\\partial H_1} = \\frac{\\partial L}{\\partial M} W_o^\\top$$",
  ].join("\n"),
  "layernorm.md": [
    "$X \\in \\mathbb{R}^{n \\times d}$",
    "$$Y = \\operatorname{LayerNorm}(X)$$",
    "$$L = \\operatorname{tr}(Y^\\top Y)$$",
    "$$\\frac{\\partial L}{\\partial X} = 2 Y$$",
  ].join("\n"),
  "relu.md": [
    "$X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times k}$, $\\mathbf{v} \\in \\mathbb{R}^{k}$",
    "$$H = \\operatorname{ReLU}(X W)$$",
    "$$f = \\mathbf{1}^\\top H \\mathbf{v}$$",
    "$$\\frac{\\partial f}{\\partial W} = X^\\top H$$",
  ].join("\n"),
  "undeclared-mlp.md": [
    "$$H = \\tanh(X W_1)$$",
    "$$Y = \\sigma(H W_2)$$",
    "$$L = \\operatorname{tr}(Y^\\top Y)$$",
    "$$\\frac{\\partial L}{\\partial W_2} = \\frac{\\partial L}{\\partial Y} H$$",
  ].join("\n"),
};

const EXAMPLES = join(import.meta.dirname, "../../examples");
const files = [
  ...readdirSync(EXAMPLES)
    .filter((f) => /\.(md|tex)$/.test(f))
    .sort()
    .map((f) => join(EXAMPLES, f)),
  ...Object.entries(OWN).map(([name, text]) => dir.file(name, text + "\n")),
];

/** Internal names as they could leak into LaTeX or messages. */
const INTERNAL = [
  /(?<![A-Za-z\\_{])m[0-9]+(?![0-9])/,
  /\bd:[0-9]+:/,
  /eyeof|onesof|kronadj|kronleft|kronright|lnscale|ncols|quadform/,
  /select_|\\operatorname\{select\}/,
  /commutation\(|\\operatorname\{commutation\}/,
];
const leaks = (text: string): string[] => text.split("\n").filter((l) => INTERNAL.some((r) => r.test(l)));
/**
 * The lines of a kernel that people read: its header comments with formulas, INPUTS and OUTPUT_SHAPE (a C header
 * may name its size parameters, `m1 = rows(Q)`, as they are the code's identifiers).
 */
const kernelFacing = (code: string): string =>
  code
    .split("\n")
    .filter((l) => /^\s*(#|\/\/|\/\*|\*)|INPUTS|OUTPUT_SHAPE/.test(l) && !/^\s*(def |function )/.test(l))
    .map((l) => l.replace(/\bm[0-9]+ = (?=(rows|cols)\()/g, ""))
    .join("\n");

let emitted = 0;
/** `texgrad emit … -o FILE`: the module's text, or the error. */
async function emit(...argv: string[]): Promise<string> {
  const out = join(dir.dir, `kernel-${++emitted}.txt`);
  const r = await runCli("emit", ...argv, "-o", out);
  return r.code === 0 ? readFileSync(out, "utf8") : r.err;
}

describe("no internal names in what texgrad prints", () => {
  test.each(files.map((f) => [f.split("/").pop()!, f]))(
    "%s: derive, check, jacobian, hessian, emit, render",
    async (_name, file) => {
      const doc = loadDocument(file);
      const d = documentDerivation(doc);
      const out: string[] = [];
      const run = async (...argv: string[]) => {
        const r = await runCli(...argv);
        out.push(`$ ${argv.join(" ")}\n${r.out}\n${r.err}`);
        return r;
      };
      await run("derive", file);
      await run("check", file);
      for (const target of ["numpy", "js", "c"]) {
        out.push(`$ emit --target ${target}\n${kernelFacing(await emit(file, "--target", target))}`);
      }
      for (const x of d.inputs.slice(0, 3)) {
        await run("jacobian", file, "--of", d.output.name, "--wrt", x.name);
        await run("hessian", file, "--of", d.output.name, "--wrt", x.name);
        out.push(
          `$ emit --jacobian ${x.name}\n${kernelFacing(await emit(file, "--target", "numpy", "--jacobian", x.name))}`,
        );
      }
      const html = dir.file(`${file.split("/").pop()}.html`, "");
      await run("render", file, "--html", html, "--latex", `${html}.tex`);
      // the document's kernel listings are code: only their comments and INPUTS are read here
      out.push(
        readFileSync(`${html}.tex`, "utf8").replace(
          /\\begin\{verbatim\}([\s\S]*?)\\end\{verbatim\}/g,
          (_m, code: string) => kernelFacing(code),
        ),
      );
      const text = out.join("\n");
      expect(text.length).toBeGreaterThan(200);
      expect(leaks(text).join("\n")).toBe("");
    },
    120_000,
  );

  test("a shape message names sizes the document never names as rows(·) and cols(·)", async () => {
    const r = await runCli("check", files.find((f) => f.endsWith("nodecl.md"))!);
    expect(r.out).toContain("shapes rows(Q)×cols(V) and rows(Q)×rows(K) do not conform");
  });

  test("a kernel's INPUTS list the document's inputs with rows(·)/cols(·) for unnamed sizes", async () => {
    const code = await emit(files.find((f) => f.endsWith("nodecl.md"))!, "--target", "numpy");
    expect(code).toContain(
      `INPUTS = {"Q": ("rows(Q)", "cols(Q)"), "K": ("rows(K)", "cols(Q)"), "V": ("rows(K)", "cols(V)")}`,
    );
  });

  test("helpers print as conventional notation: the blocks of a concatenation, 1/σ, the unit step", async () => {
    const cat = await runCli("derive", files.find((f) => f.endsWith("concat.md"))!);
    expect(cat.out).toContain(
      "\\frac{\\partial L}{\\partial M} W_{o}^\\top \\begin{bmatrix} \\mathbf{I}_{d_v} & \\mathbf{0} \\end{bmatrix}^\\top",
    );
    const ln = await runCli("derive", files.find((f) => f.endsWith("layernorm.md"))!);
    expect(ln.out).toContain("\\frac{1}{\\boldsymbol{\\sigma}_{X}} \\odot \\frac{\\partial L}{\\partial Y}");
    expect(ln.out).toContain("\\frac{1}{d}");
    const relu = await runCli("derive", files.find((f) => f.endsWith("relu.md"))!);
    expect(relu.out).toContain("\\mathbb{1}\\left[X W > 0\\right]");
  });
});
