// `emit --target js --types OUT.d.ts`: declarations that type-check a caller of the kernel (strict tsc) and reject
// one that passes a wrong input name or forgets the seed of a non-scalar output.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, ROOT } from "../helpers/build.js";

const tsc = (dir: string) =>
  spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--skipLibCheck",
      join(dir, "use.ts"),
    ],
    { encoding: "utf8" },
  );

describe("TypeScript declarations of the JS kernel", () => {
  test("a correct caller compiles, a wrong one does not", () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "texgrad-dts-"));
    try {
      const emit = (src: string, name: string, ...extra: string[]) => {
        const r = spawnSync(
          process.execPath,
          [
            join(ROOT, "bin/texgrad.js"),
            "emit",
            join(ROOT, "examples", src),
            "--target",
            "js",
            "-o",
            join(dir, `${name}.js`),
            "--types",
            join(dir, `${name}.d.ts`),
            ...extra,
          ],
          { encoding: "utf8" },
        );
        expect(r.status, r.stderr).toBe(0);
      };
      emit("attention.tex", "attention");
      emit("logistic.tex", "logistic", "--hessian", "w");
      expect(readFileSync(join(dir, "attention.d.ts"), "utf8")).toContain(
        "export declare function gradients(inputs: Inputs, seed: Tensor): Gradients;",
      );
      const good = `import * as att from "./attention.js";
import * as lr from "./logistic.js";
const m = (r: number, c: number): att.Tensor => ({ shape: [r, c], data: new Float64Array(r * c) });
const O: att.Tensor = att.forward({ X: m(3, 4), W_q: m(4, 2), W_k: m(4, 2), W_v: m(4, 5) });
const g: att.Gradients = att.gradients({ X: m(3, 4), W_q: m(4, 2), W_k: m(4, 2), W_v: m(4, 5) }, O);
const gx: att.Tensor = g.X;
const f: number = lr.forward({ X: m(3, 2), w: { shape: [2], data: new Float64Array(2) }, y: { shape: [3], data: new Float64Array(3) } });
const h: lr.Tensor = lr.hessian_w({ X: m(3, 2), w: { shape: [2], data: new Float64Array(2) }, y: { shape: [3], data: new Float64Array(3) } });
void gx; void f; void h;
`;
      writeFileSync(join(dir, "use.ts"), good);
      const ok = tsc(dir);
      expect(ok.status, ok.stdout).toBe(0);
      // no seed for the matrix output O
      writeFileSync(
        join(dir, "use.ts"),
        `import * as att from "./attention.js";
const m = (r: number, c: number): att.Tensor => ({ shape: [r, c], data: new Float64Array(r * c) });
att.gradients({ X: m(3, 4), W_q: m(4, 2), W_k: m(4, 2), W_v: m(4, 5) });
`,
      );
      const noSeed = tsc(dir);
      expect(noSeed.status).not.toBe(0);
      expect(noSeed.stdout).toMatch(/TS2554/);
      // W_q misspelt
      writeFileSync(
        join(dir, "use.ts"),
        `import * as att from "./attention.js";
const m = (r: number, c: number): att.Tensor => ({ shape: [r, c], data: new Float64Array(r * c) });
att.forward({ X: m(3, 4), Wq: m(4, 2), W_k: m(4, 2), W_v: m(4, 5) });
`,
      );
      const misspelt = tsc(dir);
      expect(misspelt.status).not.toBe(0);
      expect(misspelt.stdout).toMatch(/Wq/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
