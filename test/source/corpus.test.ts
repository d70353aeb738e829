import { describe, expect, test } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { readSource, readText } from "../../src/source/index.js";

const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
const SEED = join(SHARED, "seeds", "chain-rule-transformer-attention.md");
const LECTURES = join(SHARED, "corpus", "lectures");
if (!existsSync(SHARED)) console.warn("skipping: ../shared not found");

describe.skipIf(!existsSync(SEED))("seed lecture: chain-rule-transformer-attention.md", () => {
  const f = readSource(SEED);
  test("all segments found, no errors", () => {
    expect(f.errors).toEqual([]);
    expect(f.segments).toHaveLength(29); // 6 display ($$) + 23 inline
    expect(f.segments.filter((s) => s.display)).toHaveLength(6);
    expect(f.included).toEqual([]);
  });
  test("line 11: the query definition", () => {
    const s = f.segments.find((x) => x.line === 11);
    expect(s).toMatchObject({
      file: SEED,
      line: 11,
      col: 13,
      text: "\\queryMatrix = \\inputMatrix \\queryWeightMatrix",
      display: false,
    });
    expect(s?.rows).toEqual([{ line: 11, col: 13, text: "\\queryMatrix = \\inputMatrix \\queryWeightMatrix" }]);
  });
  test("line 37: the value-gradient claim", () => {
    const s = f.segments.filter((x) => x.line === 37);
    expect(s.map((x) => [x.col, x.text])).toEqual([
      [
        16,
        "\\frac{\\partial \\lossFunction}{\\partial \\valueMatrix} = \\frac{\\partial \\lossFunction}{\\partial \\outputMatrix} \\attentionMatrix^\\top",
      ],
    ]);
  });
  test("include guard: defined beforehand, the body is skipped", () => {
    expect(readSource(SEED, { defined: new Set(["chainRuleTransformerAttention"]) }).segments).toEqual([]);
  });
});

describe.skipIf(!existsSync(LECTURES))("corpus lectures", () => {
  test("every lecture reads without a crash", () => {
    const files = (readdirSync(LECTURES, { recursive: true }) as string[]).filter((p) => p.endsWith(".md")).sort();
    expect(files.length).toBeGreaterThan(0);
    let segments = 0,
      errors = 0,
      rows = 0;
    for (const p of files) {
      const f = readSource(join(LECTURES, p), { root: LECTURES });
      segments += f.segments.length;
      rows += f.segments.reduce((n, s) => n + s.rows.length, 0);
      errors += f.errors.length;
      for (const e of f.errors) console.log(`  ${e.file}:${e.line}:${e.col}: ${e.message}`);
      for (const s of f.segments) {
        expect(s.line).toBeGreaterThan(0);
        expect(s.col).toBeGreaterThan(0);
      }
    }
    console.log(`corpus: ${files.length} lectures, ${segments} segments, ${rows} rows, ${errors} errors`);
    expect(segments).toBeGreaterThan(500);
  });
});

describe("robustness", () => {
  const alphabet = [
    "$",
    "$$",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "`",
    "```",
    "~~~",
    "\n",
    "\n\n",
    " ",
    "a",
    "%",
    "&",
    "\\\\",
    "\\[",
    "\\]",
    "\\(",
    "\\)",
    "\\begin{align}",
    "\\end{align}",
    "\\begin{equation}",
    "\\end{equation}",
    "\\ifdef{x}",
    "\\ifndef{x}",
    "\\else",
    "\\endif",
    "\\define{x}",
    "\\define{y}{",
    "\\code{",
    "\\newcommand{\\z}",
    "\\include{",
    "<!--",
    "-->",
    "http://",
    "\\href{",
    "\\label{",
    "\r\n",
    "\r",
    "\\begin{document}",
    "\\end{document}",
    "😀",
  ];
  const source = fc.array(fc.constantFrom(...alphabet), { maxLength: 80 }).map((a) => a.join(""));

  test("random text always terminates with in-range positions", () => {
    fc.assert(
      fc.property(source, fc.constantFrom("r.md", "r.tex", "r.txt", "r"), (text, name) => {
        const f = readText(name, text, { readFile: () => text, maxIncludeDepth: 3 });
        const lines = f.text.split("\n");
        for (const p of [...f.segments, ...f.errors, ...f.macroDefs, ...f.segments.flatMap((s) => s.rows)]) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines.length);
          expect(p.col).toBeGreaterThanOrEqual(1);
          expect(p.col).toBeLessThanOrEqual([...lines[p.line - 1]].length + 1);
        }
        for (const s of f.segments)
          for (const r of s.rows) expect(s.text.replace(/\s/g, "")).toContain(r.text.split(/\s/)[0]);
      }),
      { numRuns: 2000 },
    );
  });

  test("large malformed inputs stay fast (linear-ish)", () => {
    const n = 20000;
    const units = [
      "$a ",
      "$$a ",
      "\\[ ",
      "`` ` ",
      "\\code{ ",
      "<!-- ",
      "\\begin{align} ",
      "\\newcommand{\\x}[ ",
      "\\def\\x ",
      "\\ifdef{q} ",
      "\\verb! ",
      "😀$a$ ",
      "$\\begin{aligned}a\\\\[ \\label{ b$ ",
    ];
    for (const unit of units) {
      for (const [name, pre] of [
        ["big.md", ""],
        ["big.tex", "\\begin{document}"],
        ["big.txt", ""],
      ]) {
        const t0 = performance.now();
        readText(name, pre + unit.repeat(n));
        expect(performance.now() - t0, `${name}: ${unit}`).toBeLessThan(2000);
      }
    }
  });
});
