// Symbols and dimensions are separate namespaces (issue 8): `\mathbf{h} \in \mathbb{R}^{h}` is a hidden state h
// of size h, as RNN notes write it. The vector stays a vector (it has a gradient, kernels take it as an array);
// the size stays a size (kernels read it off the shapes); a dimension enters the math only where no symbol of
// that name exists (`\sqrt{d_k}`). A plain `h` where the vector is written `\mathbf{h}` could be either: a
// located error naming both readings. A derivative `\partial h` can only mean the vector.
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import { checkDocument } from "../../src/check/index.js";
import { buildProgram } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { checkJs, worst } from "../codegen/helpers.js";
import { scratch } from "../helpers/parse.js";
import { runCli } from "../helpers/cli.js";

const tmp = scratch("names");
const load = (name: string, text: string) => loadDocument(tmp.file(name, text));

const RNN = "\\mathbf{h} \\in \\mathbb{R}^{h}\nW \\in \\mathbb{R}^{h \\times h}\nf = \\mathbf{h}^\\top W \\mathbf{h}\n";

describe("a vector named like its dimension", () => {
  test("derive gives ∂f/∂h and ∂f/∂W, both agreeing with finite differences", () => {
    const doc = load("rnn.tex", RNN);
    expect(doc.errors).toEqual([]);
    const d = derive(doc);
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W", "h"]);
    expect(d.constants.map((s) => s.name)).not.toContain("h");
    for (let seed = 1; seed <= 3; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });

  test("the kernel takes h as an array and the size h as a dimension", () => {
    const d = derive(load("rnn2.tex", RNN));
    const p = buildProgram(d);
    expect(p.inputs.map((i) => [i.key, i.dims, i.sizeInput ?? false])).toEqual([
      ["h", ["h"], false],
      ["W", ["h", "h"], false],
    ]);
    const numpy = emitProgram(p, "numpy");
    expect(numpy).toMatch(/^INPUTS = \{"h": \("h",\), "W": \("h", "h"\)\}$/m);
    for (let seed = 1; seed <= 3; seed++) expect(worst(checkJs(d, seed, p))).toBeLessThan(1e-6);
  });

  test("an undeclared bold \\mathbf{h} beside a dimension h is still a vector (its shape inferred from use)", () => {
    const d = derive(load("undecl.tex", "W \\in \\mathbb{R}^{h \\times h}\nf = \\mathbf{h}^\\top W \\mathbf{h}\n"));
    expect(d.upstream).toBeNull();
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W", "h"]);
    for (const c of checkGradients(d, 1)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });

  test("declared with the plain letter (h ∈ ℝʰ), h in the math is the declared vector", () => {
    const d = derive(load("plain.tex", "h \\in \\mathbb{R}^{h}\nW \\in \\mathbb{R}^{h \\times h}\nf = h^\\top W h\n"));
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W", "h"]);
    for (const c of checkGradients(d, 2)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });

  test("a name that is only a dimension is still the size (\\sqrt{d_k})", () => {
    const d = derive(
      load(
        "dk.tex",
        "\\mathbf{q} \\in \\mathbb{R}^{d_k}\n\\mathbf{k} \\in \\mathbb{R}^{d_k}\ns = \\frac{\\mathbf{q}^\\top \\mathbf{k}}{\\sqrt{d_k}}\n",
      ),
    );
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["k", "q"]);
    expect(d.constants.map((s) => s.name)).toContain("d_k");
    for (const c of checkGradients(d, 1)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });

  test("a plain h where the vector is \\mathbf{h} and h is a size: a located error naming both readings", async () => {
    const file = tmp.file(
      "amb.tex",
      "\\mathbf{h} \\in \\mathbb{R}^{h}\nW \\in \\mathbb{R}^{h \\times h}\nf = \\frac{\\mathbf{h}^\\top W \\mathbf{h}}{\\sqrt{h}}\n",
    );
    const doc = loadDocument(file);
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0].loc).toMatchObject({ line: 3, col: 47 });
    expect(doc.errors[0].message).toMatch(/h is ambiguous: the quantity \\mathbf\{h\} or the size h/);
    expect(doc.statements.map((s) => s.loc.line)).toEqual([1, 2]);
    const r = await runCli("derive", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/amb\.tex:3:47: error: h is ambiguous/);
  });

  test("a dimension spelled by a macro of its own is the size, beside a matrix of the same letter", () => {
    // \numComps is K and \kernelMatrix is \mathbf{K}: the reader sees the number of components, not the matrix
    const lecture = [
      "\\newcommand{\\kernelMatrix}{\\mathbf{K}}\\newcommand{\\numComps}{K}\\newcommand{\\weightVector}{\\mathbf{w}}",
      "Let $\\kernelMatrix \\in \\mathbb{R}^{\\numComps \\times \\numComps}$ and $\\weightVector \\in \\mathbb{R}^{\\numComps}$.",
      "$$E = \\frac{1}{\\numComps} \\weightVector^\\top \\kernelMatrix \\weightVector$$",
      "$$\\frac{\\partial E}{\\partial \\weightVector} = \\frac{1}{\\numComps}(\\kernelMatrix + \\kernelMatrix^\\top) \\weightVector$$",
      "$$\\frac{\\partial E}{\\partial \\weightVector} = \\frac{2}{\\numComps}\\kernelMatrix \\weightVector$$",
      "",
    ].join("\n");
    const doc = load("km.md", lecture);
    expect(doc.errors).toEqual([]);
    const d = derive(doc);
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["K", "w"]);
    for (let seed = 1; seed <= 3; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
    const p = buildProgram(d);
    expect(p.inputs.map((i) => [i.key, i.dims, i.sizeInput ?? false])).toEqual([
      ["w", ["K"], false],
      ["K", ["K", "K"], false],
    ]);
    for (let seed = 1; seed <= 3; seed++) expect(worst(checkJs(d, seed, p))).toBeLessThan(1e-6);
    expect(checkDocument(doc).map((c) => [c.loc.line, c.verdict])).toEqual([
      [4, "correct"],
      [5, "incorrect"],
    ]);
  });

  test("the limit of a sum is the size (\\sum_{j=1}^{h} beside the vector \\mathbf{h})", () => {
    const doc = load("sum.tex", `${RNN}g = \\sum_{j=1}^{h} \\mathbf{h}_j\n`);
    expect(doc.errors).toEqual([]);
    const g = doc.statements[3].statement;
    if (g.kind !== "definition" || g.rhs.k !== "sumidx" || g.rhs.hi?.k !== "sym")
      throw new Error("expected a sum definition");
    expect(g.rhs.hi.latex).toBe("h");
    expect(doc.env.dims.hasName(g.rhs.hi.name)).toBe(true);
    expect(doc.env.dims.hasName("h")).toBe(false);
  });

  test("∂f/∂h with a plain h can only be the vector", () => {
    const doc = load("dwrt.tex", `${RNN}\\frac{\\partial f}{\\partial h} = (W + W^\\top) \\mathbf{h}\n`);
    expect(doc.errors).toEqual([]);
    expect(checkDocument(doc).map((c) => c.verdict)).toEqual(["correct"]);
  });
});

// the same RNN step, written once with the size called h (as the notes do) and once called d_h: same verdicts
const rnnNote = (size: string) => `# One step of a recurrent network

The hidden state $\\mathbf{h} \\in \\mathbb{R}^{${size}}$ and the input $\\mathbf{x} \\in \\mathbb{R}^{d}$ are mixed by
$W \\in \\mathbb{R}^{${size} \\times ${size}}$ and $U \\in \\mathbb{R}^{${size} \\times d}$:
$$\\mathbf{a} = W \\mathbf{h} + U \\mathbf{x}$$
$$\\mathbf{z} = \\tanh(\\mathbf{a})$$
$$L = \\frac{1}{2} \\mathbf{z}^\\top \\mathbf{z}$$
Backpropagating through the step,
$$\\frac{\\partial L}{\\partial \\mathbf{h}} = W^\\top \\left(\\mathbf{z} \\odot (1 - \\mathbf{z} \\odot \\mathbf{z})\\right)$$
$$\\frac{\\partial L}{\\partial W} = \\left(\\mathbf{z} \\odot (1 - \\mathbf{z} \\odot \\mathbf{z})\\right) \\mathbf{h}^\\top$$
and a common slip:
$$\\frac{\\partial L}{\\partial \\mathbf{h}} = W \\left(\\mathbf{z} \\odot (1 - \\mathbf{z} \\odot \\mathbf{z})\\right)$$
`;
// attention of one query against n keys, the query of size q
const queryNote = (
  size: string,
) => `The query $\\mathbf{q} \\in \\mathbb{R}^{${size}}$ meets the keys $K \\in \\mathbb{R}^{n \\times ${size}}$:
$$\\mathbf{s} = K \\mathbf{q}$$
$$\\mathbf{p} = \\operatorname{softmax}(\\mathbf{s})$$
$$\\frac{\\partial \\mathbf{p}}{\\partial \\mathbf{s}} = \\operatorname{diag}(\\mathbf{p}) - \\mathbf{p}\\mathbf{p}^\\top$$
$$\\frac{\\partial L}{\\partial \\mathbf{q}} = K^\\top \\frac{\\partial L}{\\partial \\mathbf{s}}$$
$$\\frac{\\partial L}{\\partial \\mathbf{q}} = K \\frac{\\partial L}{\\partial \\mathbf{s}}$$
`;

describe("check reads a lecture as if the dimension had its own name", () => {
  const verdicts = (name: string, text: string) => {
    const doc = load(name, text);
    expect(doc.errors).toEqual([]);
    return checkDocument(doc).map((c) => [c.loc.line, c.verdict]);
  };
  test("RNN step: h (the notes' spelling) and d_h give the same verdicts", () => {
    const mine = verdicts("rnn-h.md", rnnNote("h"));
    expect(mine).toEqual([
      [9, "correct"],
      [10, "correct"],
      [12, "incorrect"],
    ]);
    expect(verdicts("rnn-dh.md", rnnNote("d_h"))).toEqual(mine);
  });
  test("query of size q and of size d_q give the same verdicts", () => {
    const mine = verdicts("q.md", queryNote("q"));
    expect(mine).toEqual([
      [4, "correct"],
      [5, "correct"],
      [6, "incorrect"],
    ]);
    expect(verdicts("dq.md", queryNote("d_q"))).toEqual(mine);
  });
});
