// Abstract functions (φ, a link g, basis functions ψ, a loss l(o, y)) in lectures written for these tests: every
// verdict texgrad gives is compared with an independent torch.autograd translation of the claim
// (abstract_reference.py), the function instantiated as tanh, softplus and a random cubic; "correct" exactly when
// the claim holds for all of them. Each incorrect verdict below is a real mistake in the fixture, named in REVIEWED.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { checked } from "./helpers.js";
import { derive } from "../../src/derive/reverse.js";
import { printExpr } from "../../src/render/latex.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import { loadDocument } from "../../src/parse/document.js";

const DIR = fileURLToPath(new URL("./fixtures/abstract/", import.meta.url));
const PYTHON = "/usr/bin/python3";
const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
const haveTorch = probe.status === 0;
if (!haveTorch) console.warn(`skipping the torch comparison of abstract functions: ${PYTHON} cannot import torch`);

/** The wrong claims of the fixtures, reviewed by hand. */
const REVIEWED: Record<string, string> = {
  "mlp.md:20": "∂E/∂z without φ′(z)",
  "mlp.md:21": "∂E/∂W₁ without φ′(z)",
  "mlp.md:22": "∂E/∂a with W₂ for W₂ᵀ (does not conform)",
  "mlp.md:23": "φ(z) where φ′(z) belongs",
  "glm.md:15": "∂E/∂w without the link's derivative g′(η)",
  "glm.md:16": "∂E/∂η with the sign of y − μ wrong",
  "basis.md:14": "∂E/∂V without ψ′(A)",
  "basis.md:15": "Φ (y − f)ᵀ for Φᵀ (y − f) (does not conform)",
  "link.md:7": "g′(f) = 1 − g(f) for the logistic g (the factor g(f) is missing)",
  "loss.md:12": "h (∂L/∂o)ᵀ: the transpose of ∂L/∂W",
  "loss.md:13": "the partial of l in y where the one in o belongs",
};
const FILES = ["mlp.md", "glm.md", "basis.md", "link.md", "loss.md"];

describe("abstract functions in lectures", () => {
  const verdicts: Record<string, string> = {};
  for (const f of FILES) for (const c of checked(join(DIR, f)).claims) verdicts[`${f}:${c.loc.line}`] = c.verdict;

  test("every claim gets a verdict, incorrect ones only where reviewed", () => {
    expect(Object.keys(verdicts).length).toBe(25);
    expect(Object.values(verdicts).filter((v) => v === "unverifiable")).toEqual([]);
    const wrong = Object.keys(verdicts)
      .filter((k) => verdicts[k] === "incorrect")
      .sort();
    expect(wrong).toEqual(Object.keys(REVIEWED).sort());
  });

  test.skipIf(!haveTorch)("verdicts agree with torch.autograd for tanh, softplus and a random cubic", () => {
    const r = spawnSync(PYTHON, [fileURLToPath(new URL("./abstract_reference.py", import.meta.url))], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    const ref = JSON.parse(r.stdout) as Record<string, boolean>;
    expect(Object.keys(ref).sort()).toEqual(Object.keys(verdicts).sort());
    for (const [k, holds] of Object.entries(ref))
      expect([k, verdicts[k]]).toEqual([k, holds ? "correct" : "incorrect"]);
  });

  test("derive prints the backward pass with φ′ and agrees with finite differences", () => {
    const doc = loadDocument(join(DIR, "mlp.md"));
    const d = derive(doc);
    const gz = d.backward.find((b) => b.target.name === "z")!;
    expect(printExpr(gz.expr)).toContain("\\phi'\\left(\\mathbf{z}\\right)");
    for (const seed of [1, 2, 3, 4])
      for (const g of checkGradients(d, seed)) expect(g.relErr, `${g.input} seed ${seed}`).toBeLessThan(1e-6);
  });
});
