// Sanitisation: symbols named like keywords, prototype properties, runtime names, or containing quotes,
// backslashes, spaces, comment closers and non-ASCII still give valid, safe kernels in every target, with the
// original names as dictionary keys when they are safe literals (else the sanitised identifier).
import { describe, expect, test } from "vitest";
import { buildProgram } from "../../src/codegen/ir.js";
import { emitProgram, TARGETS } from "../../src/codegen/emit.js";
import { identifier, jsString, pyString, cString, commentText, safeKey } from "../../src/codegen/names.js";
import { verifyProgram } from "../../src/codegen/verify/index.js";
import { importJsKernel, loadJsKernel } from "../../src/codegen/verify/js.js";
import { pythonHas } from "../../src/codegen/verify/python.js";
import { compileCheck, haveGcc } from "../../src/codegen/verify/c.js";
import { checkJs, derivationOf, renamed, worst } from "./helpers.js";

const BASE =
  "X \\in \\mathbb{R}^{n \\times d}\nW \\in \\mathbb{R}^{d \\times k}\n\\mathbf{v} \\in \\mathbb{R}^{k}\nH = \\tanh(X W)\nY = \\alpha H \\mathbf{v}\n";
const SETS: Record<string, Record<string, string>> = {
  keywords: { X: "constructor", W: "__proto__", alpha: "class", v: "lambda", H: "def", Y: "seed" },
  quotes: { X: 'a"b', W: "c\\d", alpha: "it's", v: "x y", H: "*/ ??/ \\", Y: "é\u2028z" },
  runtime: { X: "tg_alloc", W: "exp", alpha: "R", v: "np", H: "1x", Y: "inputs" },
};

describe("identifiers and literals", () => {
  test("identifier()", () => {
    expect(
      ["constructor", "__proto__", "class", "lambda", "def", 'a"b', "c\\d", "1x", "tg_alloc", "exp", "é", ""].map(
        identifier,
      ),
    ).toEqual([
      "constructor_",
      "v__proto__",
      "class_",
      "lambda_",
      "def_",
      "a_b",
      "c_d",
      "v1x",
      "v_tg_alloc",
      "exp_",
      "v_",
      "v",
    ]);
  });
  test("string literals round-trip", () => {
    const s = 'a"b\\c\u2028é😀?\n';
    expect(JSON.parse(jsString(s))).toBe(s);
    expect(pyString(s)).toBe('"a\\"b\\\\c\\u2028\\u00e9\\U0001f600?\\u000a"');
    expect(cString("??/")).toBe('"\\?\\?/"');
  });
  test("comment text cannot end a comment or continue a line", () => {
    const c = commentText("a */ b /* c ??/ \u2028 d\\");
    expect(c).not.toMatch(/\*\/|\/\*|\?\?|\u2028|\\$/);
  });
  test("safe keys", () => {
    expect(["constructor", "__proto__", "W_q", 'a"b', "c\\d", "x y", "é", "it's"].map(safeKey)).toEqual([
      true,
      true,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
  });
});

describe.each(Object.entries(SETS))("renamed symbols: %s", (label, names) => {
  const d = renamed(derivationOf(BASE), names);
  const p = buildProgram(d);
  const keys = p.inputs.map((x) => x.key);

  test("INPUTS keys are the safe originals, else identifiers", () => {
    for (const x of p.inputs) expect(x.key).toBe(safeKey(x.source) ? x.source : x.ident);
    expect(new Set(p.inputs.map((x) => x.ident)).size).toBe(p.inputs.length);
  });

  test("source names appear only in comments and escaped literals", () => {
    for (const target of TARGETS) {
      const text = emitProgram(p, target);
      const comment = target === "c" ? /^\s*(\/\*|\*)/ : target === "js" ? /^\s*(\/\/|\/\*\*)/ : /^\s*(#|""")/;
      for (const line of text.split("\n")) {
        if (comment.test(line)) continue;
        for (const raw of Object.values(names))
          if (!safeKey(raw) && raw.length > 1) expect(line, `${label}/${target}`).not.toContain(raw);
      }
      expect(text).not.toContain("\u2028");
    }
  });

  test("js: a real ES module with own-property keys, and gradients that match finite differences", async () => {
    const m = await importJsKernel(emitProgram(p, "js"));
    expect(Object.keys(m.INPUTS)).toEqual(keys);
    expect(Object.getPrototypeOf(m.INPUTS)).toBe(Object.prototype);
    expect(loadJsKernel(emitProgram(p, "js")).OUTPUT).toBe(p.output.key);
    expect(worst(checkJs(d, 3, p))).toBeLessThan(1e-6);
  });

  test.runIf(pythonHas("numpy"))("numpy kernel verifies", async () => {
    const r = await verifyProgram(d, p, "numpy", 3);
    expect(Math.max(...r.inputs.map((i) => i.relErr))).toBeLessThan(1e-6);
  });
  // gradcheck is slow: one set of renamed symbols is enough for the torch target
  if (label === "keywords")
    test.runIf(pythonHas("torch"))("torch kernel verifies (gradcheck)", async () => {
      const r = await verifyProgram(d, p, "torch", 3);
      expect(Math.max(...r.inputs.map((i) => i.relErr))).toBeLessThan(1e-6);
      expect(r.notes.join(" ")).toContain("gradcheck: passed");
    });
  test.runIf(haveGcc())("c kernel compiles with -Wall -Werror and verifies", async () => {
    expect(compileCheck(emitProgram(p, "c"))).toBeNull();
    const r = await verifyProgram(d, p, "c", 3);
    expect(Math.max(...r.inputs.map((i) => i.relErr))).toBeLessThan(1e-6);
  });
});
