// The kernel helpers of src/derive/jruntime.ts (numpy, torch, JavaScript) compute what the operations compute.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { getOp } from "../../src/ops/index.js";
import "../../src/ops/index.js";
import { JACOBIAN_JS, JACOBIAN_NUMPY, JACOBIAN_TORCH } from "../../src/derive/jruntime.js";
import { fromRows, randn, relErr, rng, toRows, type Mat, type Value } from "../../src/numeric/index.js";

const g = rng("jruntime");
const X = randn(3, 4, g), Y = randn(3, 4, g), x = randn(5, 1, g);
/** [helper, op, arguments] */
const CALLS: [string, string, Mat[]][] = [
  ["rvec", "rvec", [X]], ["rvec", "rvec", [x]], ["eyeof", "eyeof", [X]], ["onesof", "onesof", [X]],
  ["commutation", "commutation", [X]], ["commutation", "commutation", [x]], ["blockdiag", "blockdiag", [X, Y]],
];
const want = CALLS.map(([, op, args]) => getOp(op).eval(args));
const asMat = (v: Value): Mat => (typeof v === "number" ? { rows: 1, cols: 1, data: Float64Array.of(v) } : v);

test("JavaScript helpers", () => {
  const R = new Function(`const R = { mat(rows, cols, data) { return { rows, cols, data: data ?? new Float64Array(rows * cols) }; }, ${Object.values(JACOBIAN_JS).map((h) => h.code).join(",\n")} }; return R;`)() as Record<string, (...a: Mat[]) => Mat>;
  CALLS.forEach(([h, , args], i) => expect(relErr(R[h](...args), asMat(want[i])), h).toBe(0));
});

const PYTHON = "/usr/bin/python3";
for (const [lib, table, header] of [["numpy", JACOBIAN_NUMPY, "import numpy as np"], ["torch", JACOBIAN_TORCH, "import torch\nimport numpy as np"]] as const) {
  const have = spawnSync(PYTHON, ["-c", `import ${lib}`]).status === 0;
  if (!have) console.warn(`skipping the ${lib} kernel helpers: ${PYTHON} cannot import ${lib}`);
  describe.skipIf(!have)(`${lib} helpers`, () => {
    test("each helper on random inputs", () => {
      const wrap = lib === "torch" ? "torch.tensor(a, dtype=torch.float64)" : "np.array(a, dtype=float)";
      const script = [header, "import json, sys", ...Object.values(table), "out = []",
        "for name, args in json.load(sys.stdin):",
        `    r = globals()["_" + name](*[${wrap} for a in args])`,
        "    out.append(np.asarray(r, dtype=float).reshape(-1, 1).tolist() if np.ndim(r) == 0 else np.asarray(r).tolist())",
        "json.dump(out, sys.stdout)"].join("\n");
      const r = spawnSync(PYTHON, ["-c", script], { input: JSON.stringify(CALLS.map(([h, , args]) => [h, args.map(toRows)])), encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      (JSON.parse(r.stdout) as number[][][]).forEach((m, i) => expect(relErr(fromRows(m), asMat(want[i])), CALLS[i][0]).toBe(0));
    });
  });
}
