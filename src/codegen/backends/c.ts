// The C backend: a C99 header-only kernel. `forward(sizes…, inputs…, out)` and `gradients(sizes…, inputs…,
// seed, grad_X…)` take sizes as int arguments, scalars as doubles and arrays as row-major double buffers
// (a vector is its n entries); each temporary has its own buffer, freed before returning.
// Compiles with gcc -O2 -std=c99 -Wall -Werror.
import { getOp, type CArg } from "../../ops/registry.js";
import { isRef, SEED, type Arg, type Instr, type Program } from "../ir.js";
import { atomSize, showSize, type IRShape, type Size } from "../shapes.js";
import { commentText } from "../names.js";
import { cRuntime } from "../runtime/c.js";
import { cBinary } from "../../ops/helpers.js";
import { fuseTransposes, headerLines, live } from "./common.js";

/** A double literal (always with a point or exponent, so that 1/2 is not integer division). */
export function cNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} as a C literal`);
  let s = Object.is(n, -0) ? "0" : String(n);
  if (!/[.eE]/.test(s)) s += ".0";
  return n < 0 ? `(${s})` : s;
}

const dims = (s: IRShape): [string, string] => (s.length === 2 ? [atomSize(s[0]), atomSize(s[1])] : ["1", "1"]);
const numel = (s: IRShape) => {
  const [r, c] = dims(s);
  return r === "1" ? c : c === "1" ? r : `${r} * ${c}`;
};

function carg(v: string, shape: IRShape): CArg {
  const [r, c] = dims(shape);
  const scalar = shape.length === 0;
  return { v, p: scalar ? `(double[]){${v}}` : v, r, c, n: numel(shape), scalar };
}

function statement(i: Instr, o: CArg, a: readonly CArg[]): string {
  switch (i.op) {
    case "ones":
      return `tg_fill(${o.v}, 1.0, ${o.n});`;
    case "zeros":
      return `tg_fill(${o.v}, 0.0, ${o.n});`;
    case "eye":
      return `tg_eye(${o.v}, ${o.r});`;
    case "fill":
      return `tg_fill(${o.v}, ${a[0].v}, ${o.n});`;
    case "item":
      return `${o.v} = ${a[0].scalar ? a[0].v : `${a[0].v}[0]`};`;
    case "size":
      return `${o.v} = (double)(${showSize(i.dim!)});`;
    case "sub":
      return cBinary("-")(o, a);
    default: {
      const t = getOp(i.op).code.c;
      if (!t) throw new Error(`the C backend has no template for ${i.op}`);
      return t(o, a, i.attr);
    }
  }
}

interface Fn {
  readonly lines: string[];
  readonly buffers: string[];
}

function emitInstrs(p: Program, instrs: readonly Instr[], f: Fn): (a: Arg) => CArg {
  const arg = (a: Arg): CArg => (isRef(a) ? carg(a.ref, p.shapes.get(a.ref)!) : carg(cNumber(a.num), []));
  for (const i of instrs) {
    const o = carg(i.out, i.shape);
    if (i.comment) f.lines.push(`    /* ${commentText(i.comment)} */`);
    const body = statement(i, o, i.args.map(arg)).split("\n");
    if (o.scalar) {
      const m = body.length === 1 ? new RegExp(`^${i.out} = (.*);$`).exec(body[0]) : null;
      if (m) f.lines.push(`    double ${i.out} = ${m[1]};`);
      else f.lines.push(`    double ${i.out};`, ...body.map((l) => `    ${l}`));
    } else {
      f.lines.push(`    double *${i.out} = tg_alloc(${o.n});`, ...body.map((l) => `    ${l}`));
      f.buffers.push(i.out);
    }
  }
  return arg;
}

function checkSizes(p: Program, instrs: readonly Instr[]): void {
  const known = new Set(p.sizes.map((s) => s.ident));
  const check = (s: Size) =>
    s.terms.forEach(([v]) => {
      if (!known.has(v)) throw new Error(`the C kernel needs the size ${v}, which no input's shape determines`);
    });
  for (const i of instrs) {
    i.shape.forEach(check);
    if (i.dim) check(i.dim);
  }
  for (const x of p.inputs) x.shape.forEach(check);
}

/** Result buffers: `out`, and grad_X for each gradient (renamed if a value already has that name). */
function gradName(p: Program, ident: string): string {
  const taken = new Set([...p.shapes.keys(), ...p.sizes.map((s) => s.ident)]);
  let s = `grad_${ident}`;
  while (taken.has(s)) s += "_";
  return s;
}

/** A size parameter for the header: `n`, or `m1 = rows(Q)` when the document does not name it. */
function sizeParam(p: Program, s: Program["sizes"][number]): string {
  const port = p.inputs.find((x) => x.ident === s.input);
  const shown =
    port && (s.axis === 0 || s.axis === 1) && s.coef === 1 && s.offset === 0
      ? port.dims[port.layout === "vector" ? 0 : s.axis]
      : undefined;
  return shown && shown !== s.ident ? `${s.ident} = ${shown}` : s.ident;
}

export function emitC(source: Program): string {
  const p = fuseTransposes(source);
  if (p.extras.length)
    throw new Error(
      `${p.extras.map((x) => x.fn).join(" and ")}: Jacobian and Hessian kernels (--jacobian, --hessian) are emitted for the numpy, js and torch targets, not c`,
    );
  const grads = p.inputs.filter((x) => x.grad !== null);
  const roots = grads.map((x) => x.grad!);
  const bwd = live(p.backward, roots);
  const need = bwd.flatMap((i) => i.args.filter(isRef)).concat(roots.filter(isRef));
  const fwdForGrad = live(p.forward, need);
  const fwd = live(p.forward, [p.output.value]);
  checkSizes(p, [...fwd, ...fwdForGrad, ...bwd]);

  const sizeParams = p.sizes.filter((s) => s.axis !== "product").map((s) => `int ${s.ident}`);
  // sizes that are products of others (the rows of A ⊗ B) are computed at the top of each function
  const productLines = p.sizes
    .filter((s) => s.axis === "product")
    .map(
      (s) => `    const int ${s.ident} = ${atomSize(s.factors![0])} * ${atomSize(s.factors![1])}; (void)${s.ident};`,
    );
  const inParams = p.inputs
    .filter((x) => !x.sizeInput)
    .map((x) => (x.layout === "scalar" ? `double ${x.ident}` : `const double *${x.ident}`));
  const copyOut = (dst: string, a: CArg, shape: IRShape) =>
    shape.length === 0 || a.scalar
      ? `    ${dst}[0] = ${a.scalar ? a.v : `${a.v}[0]`};`
      : `    tg_copy(${dst}, ${a.v}, ${a.n});`;
  const close = (f: Fn) => {
    for (const b of [...f.buffers].reverse()) f.lines.push(`    free(${b});`);
    f.lines.push("}");
  };

  const fw: Fn = { lines: [], buffers: [] };
  fw.lines.push(
    `/* forward: ${commentText(p.output.source)}${p.output.dims.length ? ` (${p.output.dims.join(" x ")})` : " (a scalar)"} into out. */`,
  );
  fw.lines.push(`static inline void forward(${[...sizeParams, ...inParams, "double *out"].join(", ")}) {`);
  fw.lines.push(...productLines);
  const fa = emitInstrs(p, fwd, fw);
  fw.lines.push(copyOut("out", fa(p.output.value), p.output.shape));
  close(fw);

  const gr: Fn = { lines: [], buffers: [] };
  const seedParam = p.scalarOutput ? "const double *tg_seed" : `const double *${SEED}`;
  const outs = grads.map((x) => gradName(p, x.ident));
  gr.lines.push(
    `/* gradients: the vector-Jacobian product with seed = dL/d${commentText(p.output.source)}${p.scalarOutput ? " (NULL: 1)" : ""}, into grad_*. */`,
  );
  gr.lines.push(
    `static inline void gradients(${[...sizeParams, ...inParams, seedParam, ...outs.map((o) => `double *${o}`)].join(", ")}) {`,
  );
  gr.lines.push(...productLines);
  // a gradient that is identically 0 does not read the seed (-Wall -Werror rejects an unused variable)
  const seedUsed = need.some((a) => a.ref === SEED);
  if (p.scalarOutput)
    gr.lines.push(seedUsed ? `    double ${SEED} = tg_seed ? tg_seed[0] : 1.0;` : "    (void)tg_seed;");
  emitInstrs(p, fwdForGrad, gr);
  const ga = emitInstrs(p, bwd, gr);
  grads.forEach((x, i) => gr.lines.push(copyOut(outs[i], ga(x.grad!), x.shape)));
  close(gr);

  const code = [...fw.lines, "", ...gr.lines].join("\n");
  const guard = `TEXGRAD_${p.output.ident.toUpperCase()}_H`;
  const header = headerLines(p, "c").map((l) => ` * ${l}`.trimEnd());
  const params = [
    ` * Sizes: ${
      p.sizes
        .filter((s) => s.axis !== "product")
        .map((s) => sizeParam(p, s))
        .join(", ") || "none"
    }; arrays are row-major (a vector is its entries).`,
  ];
  return [
    `/*`,
    ...header,
    ` *`,
    ...params,
    ` */`,
    `#ifndef ${guard}`,
    `#define ${guard}`,
    "",
    "#include <math.h>",
    "#include <stdlib.h>",
    "#include <string.h>",
    "",
    cRuntime(code),
    "",
    code,
    "",
    `#endif /* ${guard} */`,
    "",
  ].join("\n");
}
