// A formula continued over rows (`E = a \\ &- b \\ &+ c`) is one statement; `+ \text{const}` is a scalar
// constant (src/source/math.ts, src/parse/index.ts, src/parse/build.ts). Claims checked by central differences.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { doc, claims } = checked(join(FIXTURES, "continued.md"));
const kinds = doc.statements.map((r) => `${r.loc.line}:${r.statement.kind}`);

describe("rows that continue a formula", () => {
  test("rows starting with + or −, or after a row ending with one, join the row before", () => {
    // the definition of f spans lines 4–6; the claim on lines 11–12 is one claim
    expect(kinds.filter((k) => k.startsWith("4:") || k.startsWith("5:") || k.startsWith("6:"))).toEqual([
      "4:definition",
    ]);
    expect(kinds.filter((k) => k.startsWith("11:") || k.startsWith("12:"))).toEqual(["11:claim"]);
    // two relations on two rows stay two statements
    expect(kinds.filter((k) => k.startsWith("14:"))).toEqual(["14:definition", "14:definition"]);
  });
  test("the whole definition is differentiated; + const changes nothing", () => {
    expect(byLine(claims, 8).verdict).toBe("correct");
    expect(byLine(claims, 11).verdict).toBe("correct");
  });
  test("a claim that leaves out the last row's term is incorrect (reviewed by hand)", () => {
    // ∂/∂w (wᵀ M w) = (M + Mᵀ) w, missing from the claim on line 9; M is not assumed symmetric
    const c = byLine(claims, 9);
    expect(c.verdict).toBe("incorrect");
    expect(c.reason).toMatch(/missing term/);
  });
});
