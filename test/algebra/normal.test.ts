// The algebra module's normal form: AC-equal expressions get one form, different ones keep different forms,
// and the form printed back is numerically the input (so normalising never changes a value).
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/ast/index.js";
import { equalModAC, normal, toExpr } from "../../src/algebra/index.js";
import { evaluate } from "../../src/numeric/eval.js";
import { allClose, randn, rng, type Value } from "../../src/numeric/index.js";
import { parseExpr } from "../helpers/parse.js";

const SCALARS = new Set(["a", "b", "c", "i"]);
const ctx = {
  isScalar: (e: Expr): boolean =>
    e.k === "num" ||
    (e.k === "sym" && SCALARS.has(e.name)) ||
    (e.k === "op" &&
      ["tr", "pow", "sin", "cos"].includes(e.op) &&
      e.args.every((x) => x.k !== "sym" || SCALARS.has(x.name) || e.op === "tr")),
};

const EQUAL: readonly [string, string][] = [
  ["A + B", "B + A"],
  ["a A B + b A B", "(b + a) A B"],
  ["A \\odot B \\odot A", "B \\odot A^{\\circ 2}"],
  ["a b A", "b a A"],
  ["2 a A - a A", "a A"],
  ["a \\cdot a \\, A", "a^2 A"],
  ["\\frac{a A}{a}", "A"],
  ["(A + B) C", "A C + B C"],
  ["-(-A)", "A"],
  ["A - A", "0"],
  ["\\frac{1}{4} a A + \\frac{1}{4} a A", "\\frac{1}{2} a A"],
];
const DIFFERENT: readonly [string, string][] = [
  ["A B", "B A"],
  ["A \\odot B", "A B"],
  ["a A", "b A"],
  ["A + B", "A - B"],
];

function env(seed: number): Map<string, Value> {
  const r = rng(seed),
    m = new Map<string, Value>();
  for (const s of ["A", "B", "C"]) m.set(s, randn(3, 3, r));
  for (const s of SCALARS) m.set(s, 0.5 + Math.abs(r.normal()));
  return m;
}

describe("algebra normal form", () => {
  it.each(EQUAL)("%s ≡ %s", (x, y) => {
    expect(equalModAC(parseExpr(x), parseExpr(y), ctx)).toBe(true);
  });
  it.each(DIFFERENT)("%s ≢ %s", (x, y) => {
    expect(equalModAC(parseExpr(x), parseExpr(y), ctx)).toBe(false);
  });
  it.each([...EQUAL, ...DIFFERENT].flat())("normal form of %s evaluates to the input", (x) => {
    const e = parseExpr(x),
      n = toExpr(normal(e, ctx));
    for (const seed of [1, 2]) {
      const values = env(seed);
      const got = evaluate(n, { values }),
        want = evaluate(e, { values });
      // an empty sum prints as 0 whatever its shape, as canon does: then every entry of the input is 0
      if (got === 0 && typeof want !== "number") expect(Math.max(...want.data.map(Math.abs))).toBeLessThan(1e-12);
      else expect(allClose(got, want, 1e-9)).toBe(true);
    }
  });
});
