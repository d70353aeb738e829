// Claims by one entry of a matrix in index notation (∂F/∂p_{a,b} with F a sum over rows p_i and entries
// c_{i,j}, y_{i,j}): every entry (a, b) is compared with central differences of F on each draw
// (src/check/entrywise.ts); Σ_{i,j} is Σ_i Σ_j, and every sum over i runs over the same rows.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "entrywise.md"));

describe("check: derivatives by one entry of a matrix, in index notation", () => {
  test("right claims are correct for every entry", () => {
    // ∂F/∂p_{ab} = −2 Σ_j c_{aj} q_{jb} (y_{aj} − p_aᵀ q_j) + 2λ p_{ab}
    expect(byLine(claims, 4).verdict).toBe("correct");
    expect(byLine(claims, 4).reason).toMatch(/every entry \(a, b\)/);
    // ∂F/∂q_{ab} = −2 Σ_i c_{ia} p_{ib} (y_{ia} − p_iᵀ q_a) (the penalty has no q)
    expect(byLine(claims, 8).verdict).toBe("correct");
  });
  test("wrong claims, each reviewed by hand", () => {
    // line 5 drops 2λ p_{ab}, the derivative of λ Σ_i p_iᵀ p_i; line 6 has the wrong sign on the data term;
    // line 7 drops the weights c_{aj} (drawn at random, not 0/1, so they matter on every draw)
    for (const line of [5, 6, 7]) {
      const c = byLine(claims, line);
      expect(c.verdict).toBe("incorrect");
      expect(c.reason).toMatch(/differs from the central differences of F in every entry/);
    }
  });
});
