// Every rule in rules/*.rules, checked numerically on random shapes and values (Herbie's test-rules,
// JAX's check_jvp): both sides agree, where d(·) on the left is a central finite difference along random
// directions and d(X) on the right is that direction.
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { loadRules, type Rule } from "../../src/rewrite/rules.js";
import { varClass } from "../../src/rewrite/pattern.js";
import { ShapeEnv } from "../../src/shape/infer.js";
import { evaluate } from "../../src/numeric/eval.js";
import {
  rng,
  randn,
  randPositive,
  randSPD,
  randUniform,
  relErr,
  type Value,
  type Rng,
} from "../../src/numeric/index.js";
import { getOp } from "../../src/ops/index.js";
import type { Shape } from "../../src/shape/shape.js";

const rules = loadRules();

/** Rule variables as symbols with generic shapes, unified by the rule's own operations. */
function instantiate(r: Rule) {
  const env = new ShapeEnv();
  const toSym = (e: Expr) =>
    A.mapExpr(e, (x) => {
      if (x.k !== "pvar") return x;
      const c = varClass(x.name);
      return A.sym(x.name, c === "scalar" || c === "sdiff" ? "scalar" : c === "vector" ? "vector" : "matrix");
    });
  // a rule's summation runs over a small fixed range here
  const ranged = (e: Expr) =>
    A.mapExpr(e, (x) => (x.k === "sumidx" && !x.hi ? A.sumIdx(x.index, x.body, A.num(1), A.num(3)) : x));
  let lhs = ranged(toSym(r.lhs)),
    rhs = ranged(toSym(r.rhs));
  // a side made of constants alone (I^T => I) gets its size from a random frame M · side · N
  const free = (e: Expr) => !A.some(e, (x) => x.k === "sym");
  if (free(lhs) || free(rhs) || free(A.op("add", [lhs, rhs]))) {
    const M = A.sym("M_frame", "matrix"),
      N = A.sym("N_frame", "matrix");
    lhs = A.op("mul", [A.op("mul", [M, lhs]), N]);
    rhs = A.op("mul", [A.op("mul", [M, rhs]), N]);
  }
  env.ctx.same(env.shapeOf(lhs), env.shapeOf(rhs), r.name);
  return { env, lhs, rhs };
}

/** How a variable is used decides what values are safe: SPD under inverse/det, positive under log/√/÷. */
function uses(e: Expr, name: string) {
  let square = false,
    positive = false,
    unit = false;
  A.some(e, (x) => {
    if (x.k === "apply" && A.some(x.args[0], (y) => y.k === "sym" && y.name === name)) positive = true;
    if (x.k !== "op") return false;
    const has = (a: Expr) => A.some(a, (y) => y.k === "sym" && y.name === name);
    if (["inv", "det", "logdet"].includes(x.op) && has(x.args[0])) square = true;
    if (["log", "sqrt", "abs", "lnscale"].includes(x.op) && has(x.args[0])) positive = true;
    if (getOp(x.op).domain === "positive" && has(x.args[0])) positive = true;
    if (getOp(x.op).domain === "unit" && has(x.args[0])) unit = true;
    if (x.op === "ediv" && has(x.args[1])) positive = true;
    return false;
  });
  return { square, positive, unit };
}

function size(env: ShapeEnv, s: Shape, sizes: Map<number, number>, g: Rng): [number, number] | [] {
  if (s.length === 0) return [];
  const one = (d: (typeof s)[0]): number => {
    const r = env.dims.resolve(d);
    let n = r.c;
    for (const [v, k] of r.terms) {
      if (!sizes.has(v)) {
        const p = env.dims.productOf(v);
        sizes.set(v, p ? one(p[0]) * one(p[1]) : g.int(2, 4));
      }
      n += k * sizes.get(v)!;
    }
    return n;
  };
  return [one(s[0]), one(s[1])];
}

function draw(sh: [number, number] | [], use: { square: boolean; positive: boolean; unit?: boolean }, g: Rng): Value {
  // inside (−1, 1) for tan, sec, arcsin, arccos (src/ops: domain "unit")
  if (use.unit) return sh.length === 0 ? 0.9 * (2 * g.uniform() - 1) : randUniform(sh[0], sh[1], g, -0.9, 0.9);
  if (sh.length === 0) return 0.5 + 1.5 * g.uniform();
  if (use.square && sh[0] === sh[1]) return randSPD(sh[0], g);
  return use.positive ? randPositive(sh[0], sh[1], g) : randn(sh[0], sh[1], g);
}

describe("every rule holds numerically", () => {
  test("rules load and validate", () => {
    expect(rules.length).toBeGreaterThan(60);
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });
  for (const r of rules) {
    test(`${r.phase}: ${r.name}`, () => {
      for (let trial = 0; trial < 3; trial++) {
        const g = rng(`${r.name}:${trial}`);
        const { env, lhs, rhs } = instantiate(r);
        const sizes = new Map<number, number>();
        const values = new Map<string, Value>(),
          directions = new Map<string, Value>();
        const names = new Set<string>();
        A.some(lhs, (x) => {
          if (x.k === "sym") names.add(x.name);
          return false;
        });
        // only variables whose differential the right side names vary (exponents and ε are constants)
        const varying = new Set<string>();
        A.some(rhs, (x) => {
          if (x.k === "diff" && x.x.k === "sym") varying.add(x.x.name);
          return false;
        });
        for (const n of names) {
          const sh = size(env, env.shapeOf(A.sym(n, "unknown")), sizes, g);
          const use = uses(lhs, n);
          // a slice index is a position: 1 or 2 (every drawn size is at least 2)
          const index = A.some(
            lhs,
            (x) => x.k === "slice" && [x.row, x.col].some((y) => y?.k === "sym" && y.name === n),
          );
          values.set(
            n,
            index
              ? g.int(1, 2)
              : draw(sh, { square: use.square, positive: use.positive || sh.length === 0, unit: use.unit }, g),
          );
          directions.set(n, !varying.has(n) ? 0 : sh.length === 0 ? g.normal() : randn(sh[0], sh[1], g));
        }
        const l = evaluate(lhs, { values, directions }),
          rr = evaluate(rhs, { values, directions });
        expect(relErr(l, rr), `${r.source}`).toBeLessThan(1e-6);
      }
    });
  }
});
