// A right side that uses x inside Σ_i where the data points are x_i stays unverifiable (x is defined nowhere),
// and the reason says whether the claim holds with x_i in its place (a likely slip of the pen, never assumed).
import { expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "member-meant.md"));

test("x beside x_i in a sum: unverifiable, with what x_i would give", () => {
  const right = byLine(claims, 3);
  expect(right.verdict).toBe("unverifiable");
  expect(right.reason).toMatch(/with \\mathbf\{x\}_\{i\} in its place the claim agrees with the derived gradient/);
  // with x_i the claim on line 4 has the wrong sign: the reason says it would still be wrong
  const wrong = byLine(claims, 4);
  expect(wrong.verdict).toBe("unverifiable");
  expect(wrong.reason).toMatch(/even with \\mathbf\{x\}_\{i\} in its place the claim does not agree/);
});
