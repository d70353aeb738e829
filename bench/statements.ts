// Parse and check of large statement files (issue 9: 100,000 statements parse and check in under 10 s each): a mix
// of declarations, definitions `y_{17} = W x_{17} + \mathbf{b}`, losses and derivative claims
// (one claim in `every` statements; 100k of them are ≈3 MB), written to a temporary file and loaded as the CLI does. Medians (p10 / p90)
// of a few runs each: the 100k runs take seconds, so fewer of them.
import { mkdtempSync, rmSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDocument } from "../src/parse/document.js";
import { checkDocument, countVerdicts } from "../src/check/index.js";

/** `n` statements; every `every`-th group ends in a claim ∂L_i/∂b = 2 W^⊤… checked against its derivation. */
export function statementFile(n: number, every = 10): string {
  const out = ["W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{b} \\in \\mathbb{R}^{m}"];
  for (let i = 0, j = 0; out.length < n; i++) {
    out.push(`x_{${i}} \\in \\mathbb{R}^{n}`, `y_{${i}} = W x_{${i}} + \\mathbf{b}`);
    for (let k = 0; k < every - 4; k++) out.push(`h_{${j++}} = W^\\top y_{${i}}`);
    out.push(`L_{${i}} = y_{${i}}^\\top y_{${i}}`, `\\frac{\\partial L_{${i}}}{\\partial \\mathbf{b}} = 2 y_{${i}}`);
  }
  return out.slice(0, n).join("\n") + "\n";
}

/** `n` definitions with one right side, `h_i = W^\top y` (the fold of definitions into each other was quadratic). */
export function sameRightSides(n: number): string {
  const out = ["W \\in \\mathbb{R}^{m \\times n}", "\\mathbf{y} \\in \\mathbb{R}^{m}"];
  for (let i = 0; i < n; i++) out.push(`h_{${i}} = W^\\top \\mathbf{y}`);
  out.push("L = h_{0}^\\top h_{0}", "\\frac{\\partial L}{\\partial \\mathbf{y}} = 2 W h_{0}");
  return out.join("\n") + "\n";
}

/** A chain of `n` definitions `x_{i+1} = x_i + b` and a claim at its end. */
export function chain(n: number): string {
  const out = ["\\mathbf{b} \\in \\mathbb{R}^{n}", "x_{0} \\in \\mathbb{R}^{n}"];
  for (let i = 0; i < n; i++) out.push(`x_{${i + 1}} = x_{${i}} + \\mathbf{b}`);
  out.push(`L = x_{${n}}^\\top x_{${n}}`, `\\frac{\\partial L}{\\partial x_{${n}}} = 2 x_{${n}}`);
  return out.join("\n") + "\n";
}

/** `n` redefinitions of L, each followed by a claim (every claim sees another version of L). */
export function redefinitions(n: number): string {
  const out = ["W \\in \\mathbb{R}^{n \\times n}", "\\mathbf{x} \\in \\mathbb{R}^{n}"];
  for (let i = 0; i < n; i++)
    out.push(
      `L = \\mathbf{x}^\\top W \\mathbf{x} + ${i + 1}`,
      "\\frac{\\partial L}{\\partial \\mathbf{x}} = (W + W^\\top) \\mathbf{x}",
    );
  return out.join("\n") + "\n";
}

type Measure = (name: string, f: () => unknown, o?: { warmup?: number; runs?: number }) => number;

export function benchStatements(measure: Measure): void {
  console.log("\nlarge statement files (declarations, definitions, one derivative claim in 10 statements)");
  const dir = mkdtempSync(join(tmpdir(), "texgrad-bench-"));
  try {
    for (const [n, runs] of [
      [10_000, 5],
      [100_000, 3],
    ] as const) {
      const file = join(dir, `s${n}.tex`);
      writeFileSync(file, statementFile(n));
      const mb = (statSync(file).size / 1048576).toFixed(1);
      const parse = measure(`parse: ${n} statements (${mb} MB)`, () => loadDocument(file), { warmup: 1, runs });
      let verdicts = "";
      const check = measure(
        `check: ${n} statements`,
        () => {
          verdicts = JSON.stringify(countVerdicts(checkDocument(loadDocument(file))));
        },
        { warmup: 0, runs },
      );
      console.log(
        `  ${verdicts}; target under 10 s each — parse ${parse < 10_000 ? "met" : "NOT met"}, check ${check < 10_000 ? "met" : "NOT met"}`,
      );
    }
    // the shapes that were quadratic or deeper than the stack (test/robust/bounded.test.ts asserts their scaling)
    for (const [name, text] of [
      ["100,000 definitions with one right side", sameRightSides(100_000)],
      ["a chain of 100,000 definitions", chain(100_000)],
      ["20,000 redefinitions, each with a claim", redefinitions(20_000)],
    ] as const) {
      const file = join(dir, "shape.tex");
      writeFileSync(file, text);
      const t = measure(`load + check: ${name}`, () => checkDocument(loadDocument(file)), { warmup: 0, runs: 1 });
      console.log(`  target under 10 s — ${t < 10_000 ? "met" : "NOT met"}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
