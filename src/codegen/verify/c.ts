// Running a C kernel: the header and a small driver (sizes compiled in; inputs on stdin, one number a
// token) compiled with gcc -O2 -std=c99 -Wall -Werror, then run on the job's points.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Program } from "../ir.js";
import type { Boundary, Job, Point, Result } from "./job.js";

export const GCC = process.env.TEXGRAD_CC ?? "gcc";
export const C_FLAGS = ["-O2", "-std=c99", "-Wall", "-Werror"];

let found: boolean | undefined;
export function haveGcc(): boolean {
  found ??= spawnSync(GCC, ["--version"], { stdio: "ignore" }).status === 0;
  return found;
}

const count = (b: Boundary) => (typeof b === "number" ? 1 : b.data.length);
const tokens = (b: Boundary) => (typeof b === "number" ? [b] : Array.from(b.data));

function driver(p: Program, sizes: ReadonlyMap<string, number>, base: Point, outN: number): string {
  const n = p.inputs.map((x) => count(base[x.key]));
  const sizeArgs = p.sizes.filter((s) => s.axis !== "product").map((s) => String(sizes.get(s.ident)));
  const read = (pre: string) =>
    p.inputs.map((x, i) =>
      x.sizeInput
        ? `        free(rd(1));`
        : x.layout === "scalar"
          ? `        double ${pre}${i} = rd(1)[0];`
          : `        double *${pre}${i} = rd(${n[i]});`,
    );
  const args = (pre: string) => p.inputs.flatMap((x, i) => (x.sizeInput ? [] : [`${pre}${i}`]));
  const grads = p.inputs.filter((x) => x.grad !== null);
  return `#include <stdio.h>
#include <stdlib.h>
#include "kernel.h"
static double *rd(int n) {
    double *p = (double *)calloc((size_t)n, sizeof(double));
    for (int i = 0; i < n; i++) if (scanf("%lf", &p[i]) != 1) exit(3);
    return p;
}
static double *zeros(int n) { return (double *)calloc((size_t)n, sizeof(double)); }
static void pr(const double *p, int n) { for (int i = 0; i < n; i++) printf("%.17g\\n", p[i]); }
int main(void) {
    int points;
    if (scanf("%d", &points) != 1) return 3;
    for (int k = 0; k < points; k++) {
${read("x").join("\n")}
        double *y = zeros(${outN});
        forward(${[...sizeArgs, ...args("x"), "y"].join(", ")});
        pr(y, ${outN});
    }
    {
${read("b").join("\n")}
        double *s = rd(${outN});
${grads.map((x) => `        double *g${p.inputs.indexOf(x)} = zeros(${n[p.inputs.indexOf(x)]});`).join("\n")}
        gradients(${[...sizeArgs, ...args("b"), "s", ...grads.map((x) => `g${p.inputs.indexOf(x)}`)].join(", ")});
${grads.map((x) => `        pr(g${p.inputs.indexOf(x)}, ${n[p.inputs.indexOf(x)]});`).join("\n")}
    }
    return 0;
}
`;
}

/** Compile `header` alone (as a translation unit) with the strict flags; the compiler's complaint, or null. */
export function compileCheck(header: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-cc-"));
  try {
    writeFileSync(join(dir, "kernel.h"), header);
    writeFileSync(join(dir, "unit.c"), `#include "kernel.h"\n`);
    const r = spawnSync(GCC, [...C_FLAGS, "-c", "unit.c", "-o", "unit.o"], { cwd: dir, encoding: "utf8" });
    return r.status === 0 ? null : r.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runC(header: string, p: Program, sizes: ReadonlyMap<string, number>, job: Job): Result {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-c-"));
  try {
    const outShape = job.seed;
    const outN = count(outShape);
    writeFileSync(join(dir, "kernel.h"), header);
    writeFileSync(join(dir, "driver.c"), driver(p, sizes, job.base, outN));
    const cc = spawnSync(GCC, [...C_FLAGS, "driver.c", "-o", "driver", "-lm"], { cwd: dir, encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stderr.trim()}`);
    const input: number[] = [];
    for (const pt of job.points) for (const x of p.inputs) input.push(...tokens(pt[x.key]));
    for (const x of p.inputs) input.push(...tokens(job.base[x.key]));
    input.push(...tokens(job.seed));
    const run = spawnSync(join(dir, "driver"), [], {
      input: [String(job.points.length), ...input.map((v) => v.toPrecision(17))].join("\n"),
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (run.status !== 0) throw new Error(`the C kernel failed (exit ${run.status}): ${run.stderr}`);
    const nums = run.stdout.trim().split(/\s+/).map(Number);
    let k = 0;
    const take = (like: Boundary): Boundary => {
      if (typeof like === "number") return nums[k++];
      const data = nums.slice(k, k + like.data.length);
      k += like.data.length;
      return { shape: like.shape, data };
    };
    const outputs = job.points.map(() => take(outShape));
    const gradients: Record<string, Boundary> = Object.fromEntries(
      p.inputs.filter((x) => x.grad !== null).map((x) => [x.key, take(job.base[x.key])]),
    );
    return { outputs, gradients };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
