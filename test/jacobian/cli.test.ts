// `texgrad jacobian` and `texgrad hessian`: JSON and human output, exit 0 on success and 2 on bad input.
import { afterEach, describe, expect, test, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fileURLToPath } from "node:url";
import { docOf } from "./helpers.js";

const ex = (f: string) => fileURLToPath(new URL(`../../examples/${f}`, import.meta.url));

const run = (argv: string[]) => runCli(...argv);
afterEach(() => vi.restoreAllMocks());

describe("texgrad jacobian", () => {
  test("--json: the factors, the chain, the product, the convention and a numeric check", async () => {
    const r = await run(["jacobian", ex("attention.tex"), "--of", "O", "--wrt", "X", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.vec).toBe("row-major");
    expect(j.shape).toBe("n·d_v × n·d");
    expect(j.factors).toHaveLength(8);
    expect(j.factors.find((f: { of: string }) => f.of === "A").latex).toContain("\\operatorname{blockdiag}");
    expect(j.jacobian).toContain("\\otimes");
    expect(j.check.relErr).toBeLessThan(1e-6);
  });
  test("human output explains the per-row block structure of layer norm", async () => {
    const r = await run(["jacobian", ex("layernorm-jacobian.tex"), "--of", "Y", "--wrt", "X"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("block diagonal over the n rows");
    expect(r.out).toContain("row-major");
    expect(r.out).toMatch(/agrees with central differences/);
  });
  test("bad input: exit 2 with a located error", async () => {
    expect((await run(["jacobian", ex("attention.tex"), "--of", "O", "--wrt", "Z"])).code).toBe(2);
    expect((await run(["jacobian", ex("attention.tex"), "--of", "O"])).code).toBe(2);
    const r = await run(["jacobian", ex("attention.tex"), "--of", "Nope", "--wrt", "X"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^texgrad: error: --of Nope: .*attention\.tex has no definition of Nope/);
  });
});

describe("texgrad hessian", () => {
  test("a vector: the Hessian; --json", async () => {
    const doc = docOf([
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
      "B \\in \\mathbb{R}^{n \\times n}",
      "f = \\mathbf{x}^\\top B \\mathbf{x}",
    ]);
    const r = await run(["hessian", doc.file, "--of", "f", "--wrt", "x", "--json"]);
    expect(r.code).toBe(0);
    const h = JSON.parse(r.out);
    expect(h.matrix).toBe(false);
    expect(h.hessian.latex).toBe("B + B^\\top");
    expect(h.check.relErr).toBeLessThan(1e-5);
  });
  test("a matrix: the Hessian–vector product, printed as a formula in V", async () => {
    const doc = docOf([
      "X \\in \\mathbb{R}^{n \\times d}",
      "B \\in \\mathbb{R}^{n \\times n}",
      "f = \\operatorname{tr}(X^\\top B X)",
    ]);
    const r = await run(["hessian", doc.file, "--of", "f", "--wrt", "X"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Hessian–vector product");
    expect(r.out).toContain("\\left(B + B^\\top\\right) V");
  });
  test("a non-scalar function: exit 2", async () => {
    expect((await run(["hessian", ex("attention.tex"), "--of", "O", "--wrt", "X"])).code).toBe(2);
  });
});
