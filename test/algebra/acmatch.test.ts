// Matching modulo AC: patterns written in one order match sums and Hadamard products in any order and grouping,
// binding the same variables a syntactic match would bind on the reordered expression.
import { describe, expect, it } from "vitest";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { matchAC } from "../../src/algebra/index.js";
import { match } from "../../src/rewrite/pattern.js";
import { parseExpr } from "../helpers/parse.js";

const ctx = { isScalar: (e: Expr) => e.k === "num", isVector: () => false };
const X = A.pvar("X"),
  Y = A.pvar("Y"),
  Z = A.pvar("Z");
const had = (a: Expr, b: Expr) => A.op("hadamard", [a, b]);
const add = (a: Expr, b: Expr) => A.op("add", [a, b]);
const sig = (a: Expr) => A.op("sigma", [a]);

describe("matching modulo AC", () => {
  it("binds a sum written in the other order", () => {
    const e = parseExpr("C + A \\odot B");
    const p = add(had(X, Y), Z);
    expect(match(p, e, ctx)).toBeNull();
    const b = matchAC(p, e, ctx);
    expect(b?.get("Z")).toBe(parseExpr("C"));
    expect(new Set([b?.get("X"), b?.get("Y")])).toEqual(new Set([parseExpr("A"), parseExpr("B")]));
  });
  it("finds σ(X) ⊙ (1 − σ(X)) inside a longer Hadamard product in any grouping", () => {
    const e = parseExpr("(\\mathbf{1} - \\sigma(W)) \\odot (B \\odot \\sigma(W))");
    const p = had(sig(X), A.op("add", [A.constant("ones"), A.op("neg", [sig(X)])]));
    const withRest = had(p, Y);
    const b = matchAC(withRest, e, ctx);
    expect(b?.get("X")).toBe(parseExpr("W"));
    expect(b?.get("Y")).toBe(parseExpr("B"));
  });
  it("a repeated variable must bind equal terms", () => {
    expect(matchAC(add(X, X), parseExpr("A + B"), ctx)).toBeNull();
    expect(matchAC(add(had(X, Y), X), parseExpr("B + B \\odot A"), ctx)?.get("Y")).toBe(parseExpr("A"));
  });
  it("matrix products stay ordered", () => {
    const p = A.op("mul", [parseExpr("A"), X]);
    expect(matchAC(p, parseExpr("A B"), ctx)?.get("X")).toBe(parseExpr("B"));
    expect(matchAC(p, parseExpr("B A"), ctx)).toBeNull();
  });
});
