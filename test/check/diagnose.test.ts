// One claim per diagnosis on a small statement file (fixtures/diagnoses.tex: S = X W, Y = tanh(S) + X).
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, checked, byLine } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "diagnoses.tex"));
const at = (line: number) => byLine(claims, line + 1); // the fixture's first line is a comment

describe("check: verdicts and diagnosis kinds", () => {
  test.each([
    [6, "∂L/∂S through tanh"],
    [7, "∂L/∂W"],
    [12, "∂L/∂X with both paths"],
    [17, "chain with partial ∂Y/∂X"],
  ])("line %i (%s) is correct", (line) => {
    expect(at(line).verdict, at(line).reason).toBe("correct");
  });

  test.each([
    [5, "differs"], // uses Y for tanh(S), but Y = tanh(S) + X
    [8, "sign"],
    [9, "transpose"],
    [10, "factor"],
    [11, "terms"], // missing ∂L/∂Y
    [13, "terms"], // extra X
    [16, "shape"],
    [18, "terms"], // chain: missing the path through S
    [19, "terms"], // chain: missing the path through Y
  ])("line %i is incorrect: %s", (line, kind) => {
    const c = at(line);
    expect(c.verdict, c.reason).toBe("incorrect");
    expect(c.diagnoses.map((d) => d.kind)).toContain(kind);
  });

  test("a constant factor is named", () => {
    expect(at(10).diagnoses[0].factor).toBe("2");
  });
  test("missing and extra terms are told apart", () => {
    expect(at(11).reason).toMatch(/^missing term/);
    expect(at(13).reason).toMatch(/^extra term/);
  });
  test("every incorrect gradient claim carries the corrected formula", () => {
    for (const c of claims.filter((x) => x.verdict === "incorrect")) expect(c.derived).toBeTruthy();
  });
  test("unverifiable claims give a reason and never throw", () => {
    expect(at(15).verdict).toBe("unverifiable");
    expect(at(15).reason).toMatch(/undefined symbol Z/);
    expect(at(20).reason).toMatch(/upstream/);
    for (const c of claims.filter((x) => x.verdict === "unverifiable")) expect(c.reason.length).toBeGreaterThan(0);
  });
});
