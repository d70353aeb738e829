// The gradient written as the vector of its partial derivatives (∇E = [∂E/∂w_1, ∂E/∂w_2]ᵀ), matrix literals of
// scalar entries in claims, and a_2 as entry 2 of the vector a; checked against the derived gradient on random draws.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "literal-gradient.md"));

describe("check: gradients written entry by entry", () => {
  test("the vector of partial derivatives, and the entries written out, are correct", () => {
    expect(byLine(claims, 3).verdict).toBe("correct");
    // E = (aᵀw)² + wᵀw: ∂E/∂w_k = 2 (aᵀw) a_k + 2 w_k
    expect(byLine(claims, 4).verdict).toBe("correct");
  });
  test("wrong entries, reviewed by hand", () => {
    // line 5 leaves out the 2 w_k of wᵀw
    expect(byLine(claims, 5).verdict).toBe("incorrect");
    expect(byLine(claims, 5).reason).toMatch(/missing term 2 \\mathbf\{w\}/);
    // line 6 swaps the partial derivatives: entry 1 is ∂E/∂w_2 (different for random a, w)
    expect(byLine(claims, 6).verdict).toBe("incorrect");
  });
});
