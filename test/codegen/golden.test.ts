// Golden files for the kernels of examples/attention.tex (all four targets) and determinism: emitting twice,
// from two separate loads of the document, gives the same bytes. A missing golden fails; `npm run golden:update`
// (UPDATE_GOLDEN=1) rewrites them on purpose.
import { describe, expect, test } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { emitKernel, TARGETS, type Target } from "../../src/codegen/emit.js";
import { docOf } from "./helpers.js";

const GOLDEN = join(import.meta.dirname, "golden");
const FILE: Record<Target, string> = {
  js: "attention.js",
  numpy: "attention.numpy.py",
  torch: "attention.torch.py",
  c: "attention.h",
};
const emitAttention = (target: Target) => emitKernel(derive(loadDocument("examples/attention.tex")), target);

describe("golden kernels: examples/attention.tex", () => {
  for (const target of TARGETS) {
    test(target, () => {
      const text = emitAttention(target);
      const path = join(GOLDEN, FILE[target]);
      if (process.env.UPDATE_GOLDEN) writeFileSync(path, text);
      expect(existsSync(path), `${FILE[target]} is missing: run \`npm run golden:update\` and review the diff`).toBe(
        true,
      );
      expect(text).toBe(readFileSync(path, "utf8"));
    });
  }
});

describe("determinism", () => {
  const SOURCES = [
    "examples/attention.tex",
    "x \\in \\mathbb{R}^{n}\nW \\in \\mathbb{R}^{m \\times n}\n\\mathbf{h} = \\tanh(W \\mathbf{x} + \\mathbf{b})\n\\mathbf{p} = \\operatorname{softmax}(\\gamma \\mathbf{h})\n",
    "f = \\log\\det(X) - \\operatorname{tr}(X^{-1} A) + \\mathbf{a}^\\top X \\mathbf{b}\n",
  ];
  for (const src of SOURCES) {
    for (const target of TARGETS) {
      test(`${target}: ${src.split("\n")[0]}`, () => {
        const once = () =>
          emitKernel(derive(src.endsWith(".tex") ? loadDocument(src) : docOf(src, "same.tex")), target);
        const a = once(),
          b = once();
        expect(b).toBe(a);
      });
    }
  }
});

describe("generated code carries source text only in comments", () => {
  test("the LaTeX of the definitions appears only on comment lines", () => {
    for (const target of TARGETS) {
      const comment = target === "c" ? /^\s*(\/\*|\*)/ : target === "js" ? /^\s*\/\// : /^\s*#/;
      for (const line of emitAttention(target).split("\n"))
        if (/\\(frac|operatorname|partial|sqrt|top)/.test(line)) expect(line, `${target}: ${line}`).toMatch(comment);
    }
  });
});
