// Never silently wrong (issue 8, differential seed #80048): sign(arcsin(vec 1.5)) is NaN (1.5 is outside arcsin's
// domain), but the reference evaluator's sign and step took NaN to 0, so the reference looked finite and verify
// reported the kernels' NaN as a MISMATCH. sign and step now keep NaN, and the program is "could not evaluate".
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import "../../src/ops/index.js";
import { getOp } from "../../src/ops/registry.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-nan-step-"));

describe("NaN through sign and step", () => {
  test("the reference evaluator keeps NaN (and sign(0) = step(0) = 0)", () => {
    for (const name of ["sign", "step"]) {
      const f = getOp(name).elementwise!;
      expect(f(Number.NaN), name).toBeNaN();
      expect(f(0), name).toBe(0);
      expect(f(2), name).toBe(1);
    }
    expect(getOp("sign").elementwise!(-2)).toBe(-1);
  });
  test("sign(arcsin(vec 1.5)): could not evaluate, never a MISMATCH", async () => {
    const f = join(dir, "nan.tex");
    writeFileSync(
      f,
      "Y = \\operatorname{sign}\\left(\\arcsin\\left(\\operatorname{vec}\\left(1.5\\right)\\right)\\right)\n",
    );
    const r = await runCli("verify", f);
    expect(r.out).not.toContain("MISMATCH");
    expect(r.out).not.toContain("mismatch");
    expect(r.err).toContain("could not evaluate at these draws");
  });
});
