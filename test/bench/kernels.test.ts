// The kernel table of `npm run bench` at a tiny size (n = 8, one run): its rows are produced, and the emitted
// kernels agree with tfjs and torch.autograd on the same inputs. The python rows skip, visibly, without
// /usr/bin/python3 with numpy and torch; the C row without a C compiler.
import { describe, expect, it } from "vitest";
import { KERNELS } from "../../bench/attention/rows.js";
import { pythonMissing } from "../../bench/attention/python.js";
import { HESSIAN_KERNELS } from "../../bench/hessian.js";
import { kernelTable, type Table } from "../../bench/kernels.js";

const noPython = pythonMissing();
if (noPython) console.warn(`SKIPPED: ${noPython}; the bench table's numpy/torch rows and their checks did not run`);

describe("npm run bench: the kernel table at n = 8", () => {
  let table: Table;
  const tiny = async () => {
    table ??= await kernelTable({
      attention: { ns: [8], d: 4, warmup: () => 0, runs: () => 1, fastRuns: () => 1 },
      hessian: { n: 20, d: 5, warmup: 0, runs: 1 },
    });
    return table;
  };
  const kernels = (t: Table, problem: string) => t.rows.filter((r) => r.problem === problem).map((r) => r.kernel);

  it("has the JS and tfjs rows, and the emitted JS agrees with tfjs (float32)", async () => {
    const t = await tiny();
    expect(t.skipped.filter((s) => s.includes("tfjs"))).toEqual([]);
    expect(kernels(t, "attention n=8")).toEqual(expect.arrayContaining([KERNELS.js, KERNELS.tfjs]));
    const a = t.agreement.find((x) => x.problem === "attention n=8" && x.what.includes("tfjs"));
    expect(a?.relErr).toBeLessThan(1e-4);
    for (const r of t.rows) expect(r.stats.median).toBeGreaterThan(0);
    expect(t.markdown).toContain("| attention n=8 | emitted JS |");
    expect(t.markdown).toMatch(/load average .* at start, .* at end/);
    expect(t.markdown).toContain("Goals (issue 14):");
  });

  it("has the C row when a compiler is there, agreeing with JS", async () => {
    const t = await tiny();
    if (t.skipped.some((s) => s.startsWith("SKIPPED emitted C"))) {
      console.warn(`SKIPPED: ${t.skipped.find((s) => s.startsWith("SKIPPED emitted C"))}`);
      return;
    }
    expect(kernels(t, "attention n=8")).toContain(KERNELS.c);
    expect(t.agreement.find((x) => x.what === "emitted C vs emitted JS")?.relErr).toBeLessThan(1e-10);
  });

  it.skipIf(noPython)("has the numpy, torch and autograd rows; every kernel agrees with torch.autograd", async () => {
    const t = await tiny();
    expect(kernels(t, "attention n=8")).toEqual(
      expect.arrayContaining([KERNELS.numpy, KERNELS.torch, KERNELS.autograd]),
    );
    expect(kernels(t, "logistic Hessian n=20, d=5")).toEqual(Object.values(HESSIAN_KERNELS));
    const vsTorch = t.agreement.filter((x) => x.what.endsWith("vs torch.autograd"));
    expect(vsTorch.map((x) => x.what)).toEqual(
      expect.arrayContaining([
        "emitted JS vs torch.autograd",
        "emitted numpy vs torch.autograd",
        "emitted torch vs torch.autograd",
      ]),
    );
    for (const x of vsTorch) expect(x.relErr, `${x.problem}: ${x.what}`).toBeLessThan(1e-10);
    expect(t.markdown).toMatch(/- BLAS: numpy .*: (OpenBLAS|MKL|reference BLAS|BLIS|unknown)/);
  });
});
