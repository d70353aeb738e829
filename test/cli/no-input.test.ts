// An output that depends on no input (y = \arcsin(0.5)): `derive` says there is nothing to differentiate instead of
// printing an empty list, and `verify --target all` checks the forward values and notes that gradcheck does not
// apply (torch's gradcheck raised "expects at least one input tensor to require gradient", so verify failed).
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { pythonHas } from "../../src/codegen/verify/python.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-noinput-"));
const file = join(dir, "const.tex");
writeFileSync(file, "y = \\arcsin(0.5) + \\pi\n");

describe("an output with no input", () => {
  test("derive says there is nothing to differentiate", async () => {
    const r = await runCli("derive", file);
    expect(r.code).toBe(0);
    expect(r.out).toContain("depends on no input");
  });
  test.runIf(pythonHas("torch"))("verify --target all passes, gradcheck noted as not run", async () => {
    const r = await runCli("verify", file, "--target", "all");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("gradcheck: not run (the output depends on no input)");
    expect(r.out.trim().split("\n").at(-1)).toBe("pass");
  });
});
