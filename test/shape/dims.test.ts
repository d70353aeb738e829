// Symbolic dimensions: linear combinations c + Σ kᵢ·vᵢ, unified by solving for one variable (k + k = 2k).
import { describe, expect, test } from "vitest";
import { Dims, addDims, constDim } from "../../src/shape/dims.js";
import { ShapeCtx, ShapeError, SCALAR } from "../../src/shape/shape.js";

describe("dimension arithmetic", () => {
  test("k + k = 2k, k + 1, k − k = 0", () => {
    const d = new Dims();
    const k = d.named("k");
    expect(d.show(addDims(k, k))).toBe("2k");
    expect(d.show(addDims(k, k), "code")).toBe("2*k");
    expect(d.show(addDims(k, constDim(1)))).toBe("k + 1");
    expect(d.show(addDims(k, k, -1))).toBe("0");
    expect(d.show(addDims(constDim(2), d.named("n"), -1))).toBe("-n + 2");
    expect(d.isConst(addDims(k, k, -1))).toBe(0);
  });
  test("numbers are constant dimensions", () => {
    const d = new Dims();
    expect(d.named("3")).toEqual(constDim(3));
    expect(d.unify(constDim(3), constDim(3))).toBe(true);
    expect(d.unify(constDim(3), constDim(4))).toBe(false);
  });
});

describe("unification", () => {
  test("a fresh dimension takes a declared name's value", () => {
    const d = new Dims();
    const a = d.fresh(),
      n = d.named("n");
    expect(d.unify(a, n)).toBe(true);
    expect(d.show(a)).toBe("n");
  });
  test("a fresh dimension solves a sum: a + k = 2k gives a = k", () => {
    const d = new Dims();
    const a = d.fresh(),
      k = d.named("k");
    expect(d.unify(addDims(a, k), addDims(k, k))).toBe(true);
    expect(d.show(a)).toBe("k");
  });
  test("two declared names are two sizes", () => {
    const d = new Dims();
    expect(d.unify(d.named("n"), d.named("d"))).toBe(false);
    expect(d.unify(d.named("n"), d.named("n"))).toBe(true);
  });
  test("frozen fresh dimensions are not bound any more", () => {
    const d = new Dims();
    const a = d.fresh(),
      b = d.fresh();
    d.freeze();
    expect(d.unify(a, b)).toBe(false);
    d.thaw();
    expect(d.unify(a, b)).toBe(true);
  });
  test("unnamed dimensions print as m1, m2, … in order of creation, whenever they are printed", () => {
    const d = new Dims();
    const a = d.fresh(),
      n = d.named("n"),
      b = d.fresh();
    expect([d.show(b), d.show(a), d.show(n)]).toEqual(["m2", "m1", "n"]);
    // bound to a declared dimension, a variable prints as it
    d.unify(b, n);
    expect(d.show(b)).toBe("n");
  });
  test("a generated name never repeats a declared one", () => {
    const d = new Dims();
    const a = d.fresh();
    d.named("m1");
    expect(d.show(a)).toBe("m1'");
  });
});

describe("shapes", () => {
  test("same() unifies or names both shapes", () => {
    const ctx = new ShapeCtx();
    const n = ctx.dims.named("n"),
      d = ctx.dims.named("d"),
      a = ctx.fresh();
    expect(ctx.show(ctx.same([n, a], [n, d], "here"))).toBe("n×d");
    expect(() => ctx.same([n, d], [d, n], "definition of Q")).toThrow(
      new ShapeError("definition of Q: shapes n×d and d×n differ"),
    );
    expect(() => ctx.same(SCALAR, [n, d], "sum")).toThrow("sum: shapes scalar and n×d differ");
  });
  test("1×1 counts as a scalar, n×1 is a vector", () => {
    const ctx = new ShapeCtx();
    expect(ctx.scalarLike([constDim(1), constDim(1)])).toBe(true);
    expect(ctx.isVector([ctx.dims.named("n"), constDim(1)])).toBe(true);
  });
  test("square() needs equal dimensions", () => {
    const ctx = new ShapeCtx();
    const n = ctx.dims.named("n");
    expect(ctx.show(ctx.square([n, ctx.fresh()], "inverse"))).toBe("n×n");
    expect(() => ctx.square([n, ctx.dims.named("d")], "inverse")).toThrow("inverse needs a square matrix, got n×d");
  });
});
