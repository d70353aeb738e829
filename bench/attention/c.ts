// The emitted C header timed by a small driver: compiled once with `cc -O3`, run once per size; the driver reads the
// inputs and seed (raw float64, the program's input order) from a file, times `gradients` with
// clock_gettime (CLOCK_MONOTONIC wall, CLOCK_PROCESS_CPUTIME_ID CPU) and writes the gradients back for the agreement check.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Times } from "../common.js";
import { attentionProgram, emitAttention, sizeArgs, type Case } from "./problem.js";

export const CC = process.env.TEXGRAD_BENCH_CC ?? "cc";
export const CC_FLAGS = (process.env.TEXGRAD_BENCH_CFLAGS ?? "-O3").split(/\s+/).filter(Boolean);

function driver(): string {
  const p = attentionProgram();
  const arrays = p.inputs.filter((x) => !x.sizeInput);
  if (arrays.some((x) => x.layout === "scalar")) throw new Error("bench: the C driver expects array inputs only");
  const grads = p.inputs.filter((x) => x.grad !== null);
  const sizes = p.sizes.map((s, i) => `    int ${s.ident} = atoi(argv[${i + 1}]);`);
  const k = p.sizes.length;
  const count = (dims: readonly string[]) => dims.map((d) => `(size_t)(${d})`).join(" * ") || "1";
  return `#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kernel.h"
static double *take(FILE *f, size_t n) {
    double *p = (double *)malloc(n * sizeof(double));
    if (!p || fread(p, sizeof(double), n, f) != n) exit(3);
    return p;
}
static double now_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}
int main(int argc, char **argv) {
    if (argc != ${k + 5}) return 2;
${sizes.join("\n")}
    int warmup = atoi(argv[${k + 1}]), runs = atoi(argv[${k + 2}]);
    FILE *in = fopen(argv[${k + 3}], "rb");
    if (!in) return 3;
${arrays.map((x) => `    double *${x.ident} = take(in, ${count(x.dims)});`).join("\n")}
    double *seed = take(in, ${count(p.output.dims)});
    fclose(in);
${grads.map((x) => `    double *g_${x.ident} = (double *)calloc(${count(x.dims)}, sizeof(double));`).join("\n")}
#define CALL gradients(${[...p.sizes.map((s) => s.ident), ...arrays.map((x) => x.ident), "seed", ...grads.map((x) => `g_${x.ident}`)].join(", ")})
    for (int r = 0; r < warmup; r++) CALL;
    double *wall = (double *)calloc((size_t)runs + 1, sizeof(double)), *cpu = (double *)calloc((size_t)runs + 1, sizeof(double));
    for (int r = 0; r < runs; r++) {
        double c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID), t0 = now_ms(CLOCK_MONOTONIC);
        CALL;
        wall[r] = now_ms(CLOCK_MONOTONIC) - t0;
        cpu[r] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    printf("{\\"wall\\": [");
    for (int r = 0; r < runs; r++) printf("%s%.6f", r ? ", " : "", wall[r]);
    printf("], \\"cpu\\": [");
    for (int r = 0; r < runs; r++) printf("%s%.6f", r ? ", " : "", cpu[r]);
    printf("]}\\n");
    FILE *out = fopen(argv[${k + 4}], "wb");
    if (!out) return 3;
${grads.map((x) => `    fwrite(g_${x.ident}, sizeof(double), ${count(x.dims)}, out);`).join("\n")}
    fclose(out);
    return 0;
}
`;
}

const f64 = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Compile the emitted header and the driver in `dir`; the compiler's complaint, or null when it built. */
export function buildC(dir: string): string | null {
  writeFileSync(join(dir, "kernel.h"), emitAttention("c"));
  writeFileSync(join(dir, "driver.c"), driver());
  const r = spawnSync(CC, [...CC_FLAGS, "-std=c99", "driver.c", "-o", "driver", "-lm"], { cwd: dir, encoding: "utf8" });
  if (r.error) return `${CC} not found (${r.error.message})`;
  return r.status === 0 ? null : `${CC} failed: ${r.stderr.trim().split("\n").slice(0, 3).join(" | ")}`;
}

export interface CResult {
  readonly times: Times;
  readonly grads: Record<string, Float64Array>;
}

/** Run the driver built by buildC on one case. */
export function runC(dir: string, c: Case, warmup: number, runs: number): CResult {
  const p = attentionProgram();
  const arrays = p.inputs.filter((x) => !x.sizeInput);
  writeFileSync(
    join(dir, "in.bin"),
    Buffer.concat([...arrays.map((x) => f64(c.inputs[x.key].data)), f64(c.seed.data)]),
  );
  const args = [...sizeArgs(c).map(String), String(warmup), String(runs), "in.bin", "out.bin"];
  const r = spawnSync(join(dir, "driver"), args, { cwd: dir, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`the C driver failed (exit ${r.status}): ${r.stderr || r.error}`);
  const out = readFileSync(join(dir, "out.bin"));
  const all = new Float64Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
  const grads: Record<string, Float64Array> = {};
  let at = 0;
  for (const x of p.inputs.filter((i) => i.grad !== null)) {
    const n = c.inputs[x.key].data.length;
    grads[x.key] = all.slice(at, at + n);
    at += n;
  }
  return { times: JSON.parse(r.stdout) as Times, grads };
}
