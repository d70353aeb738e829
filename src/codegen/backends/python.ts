// The Python backends (numpy and torch share everything but the array library). A module has INPUTS,
// OUTPUT, OUTPUT_SHAPE, `_forward` (output, sizes and saved values on internal values), `_backward` (the
// derived formulas: gradients from the seed and the saved values), and the public forward/gradients.
import { getOp, hasOp } from "../../ops/registry.js";
import { isRef, type Arg, type Instr, type Program, type Port } from "../ir.js";
import { atomSize, showSize, type IRShape, type Size } from "../shapes.js";
import { commentText, pyString } from "../names.js";
import { pythonRuntime } from "../runtime/python.js";
import {
  body,
  compactTemps,
  extraDoc,
  extraInstrs,
  extraShape,
  freeValues,
  headerLines,
  knownShape,
  live,
  numberLiteral,
} from "./common.js";

export interface Dialect {
  readonly name: "numpy" | "torch";
  readonly import: string;
  readonly template: (i: Instr, a: string[]) => string;
  readonly ones: (r: string, c: string) => string;
  readonly zeros: (r: string, c: string) => string;
  readonly eye: (n: string) => string;
  readonly fill: (v: string, r: string, c: string) => string;
  readonly item: (a: string) => string;
  readonly size: (s: string) => string;
  /** The line that binds `_o`, the creation options (dtype, device) taken from a value, where the dialect has them. */
  readonly like?: (x: string) => string;
}

export const rc = (s: IRShape): [string, string] => (s.length === 2 ? [showSize(s[0]), showSize(s[1])] : ["1", "1"]);
const tuple = (xs: readonly string[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
const sizeTuple = (s: IRShape) => tuple(s.length === 2 ? [showSize(s[0]), showSize(s[1])] : []);

function renderer(d: Dialect): (i: Instr, a: string[]) => string {
  return (i, a) => {
    const [r, c] = rc(i.shape);
    switch (i.op) {
      case "ones":
        return d.ones(r, c);
      case "zeros":
        return d.zeros(r, c);
      case "eye":
        return d.eye(r);
      case "fill":
        return d.fill(a[0], r, c);
      case "item":
        return d.item(a[0]);
      case "size":
        return d.size(showSize(i.dim!));
      case "sub":
        return `(${a[0]} - ${a[1]})`;
      default:
        return d.template(i, a);
    }
  };
}

/** Sizes an instruction list mentions (in shapes of constants and in size values). */
function sizesUsed(instrs: readonly Instr[]): Set<string> {
  const out = new Set<string>();
  const add = (s: Size) => s.terms.forEach(([v]) => out.add(v));
  for (const i of instrs) {
    if (i.dim) add(i.dim);
    if (
      (["ones", "zeros", "eye", "fill"].includes(i.op) || (hasOp(i.op) && getOp(i.op).shapedCode)) &&
      i.shape.length === 2
    )
      i.shape.forEach(add);
  }
  return out;
}

function emitBody(
  lines: string[],
  instrs: readonly Instr[],
  roots: readonly Arg[],
  d: Dialect,
  keep: ReadonlySet<string>,
): (a: Arg) => string {
  const b = body(instrs, roots, renderer(d), numberLiteral, keep);
  for (const s of b.statements) {
    if (s.instr.comment) lines.push(`    # ${commentText(s.instr.comment)}`);
    lines.push(`    ${s.instr.out} = ${s.expr}`);
  }
  return b.arg;
}

const params = (ps: readonly Port[]) => ps.map((x) => x.ident).join(", ");

/** Binds `_o` (the dialect's creation options, from `ref`) at `at` when the lines from there on use it. */
function bindLike(lines: string[], at: number, d: Dialect, ref: string | undefined): void {
  if (!d.like || ref === undefined || !lines.slice(at).some((l) => /\b_o\b/.test(l.replace(/#.*$/, "")))) return;
  lines.splice(at, 0, `    ${d.like(ref)}`);
}

/** Torch: the inputs brought to one dtype and device (`_same`), so that float32 or CUDA inputs stay so. */
function sameInputs(p: Program, lines: string[], indent: string): void {
  if (p.inputs.length > 1)
    lines.push(`${indent}${p.inputs.map((x) => x.ident).join(", ")} = _same(${params(p.inputs)})`);
}

/** Sizes read off the inputs, and the inputs' shapes checked against them. */
function prologue(p: Program, code: string[]): void {
  for (const s of p.sizes) {
    if (s.axis === "value") {
      code.push(`    ${s.ident} = int(round(float(${s.ident})))`);
      continue;
    }
    if (s.axis === "product") {
      code.push(`    ${s.ident} = ${atomSize(s.factors![0])} * ${atomSize(s.factors![1])}`);
      continue;
    }
    const v = `${s.input}.shape[${s.axis}]`;
    code.push(`    ${s.ident} = ${s.offset === 0 && s.coef === 1 ? v : `(${v} - ${s.offset}) // ${s.coef}`}`);
  }
  for (const x of p.inputs)
    if (x.shape.length === 2 && knownShape(p, x.shape))
      code.push(`    _check(${x.ident}, ${sizeTuple(x.shape)}, ${pyString(x.key)})`);
}

function readInputs(p: Program, lines: string[]): void {
  for (const x of p.inputs)
    lines.push(`    ${x.ident} = _input(${x.ident}, ${pyString(x.layout)}, ${pyString(x.key)})`);
}

/** _forward's and _backward's instructions, and the values passed between them. */
function plan(p: Program) {
  const grads = p.inputs.filter((x) => x.grad !== null);
  const roots = grads.map((x) => x.grad!);
  const bwd = live(p.backward, roots);
  const saved = [...freeValues(bwd, roots)].filter((v) => v !== "seed");
  const fwd = live(p.forward, [p.output.value, ...saved.map((ref) => ({ ref }))]);
  return { grads, roots, bwd, saved, fwd };
}

export function emitPython(program: Program, d: Dialect): string {
  const out: string[] = headerLines(program, d.name).map((l) => `# ${l}`.trimEnd());
  out.push(d.import, "");
  const pl0 = plan(program);
  const p = compactTemps(program, [
    { instrs: pl0.fwd, roots: [program.output.value, ...pl0.saved.map((ref) => ({ ref }))], keep: new Set(pl0.saved) },
    { instrs: pl0.bwd, roots: pl0.roots },
    ...program.extras.map((x) => ({ instrs: extraInstrs(program, x), roots: [x.value] })),
  ]);
  out.push(`INPUTS = {${p.inputs.map((x) => `${pyString(x.key)}: ${tuple(x.dims.map(pyString))}`).join(", ")}}`);
  out.push(`OUTPUT = ${pyString(p.output.key)}`);
  out.push(`OUTPUT_SHAPE = ${tuple(p.output.dims.map(pyString))}`, "", "");

  const { grads, roots, bwd, saved, fwd } = plan(p);
  const bwdSizes = [...sizesUsed(bwd)];
  const code: string[] = [];

  code.push(`def _forward(${params(p.inputs)}):`);
  code.push(`    """The output, the sizes and the values that _backward needs (vectors are n x 1 columns)."""`);
  prologue(p, code);
  const fwdAt = code.length;
  const fa = emitBody(code, fwd, [p.output.value, ...saved.map((ref) => ({ ref }))], d, new Set(saved));
  code.push(`    return ${fa(p.output.value)}, ${tuple(bwdSizes)}, ${tuple(saved)}`, "", "");
  bindLike(code, fwdAt, d, p.inputs[0]?.ident);

  code.push(`def _backward(seed, sizes, saved):`);
  code.push(`    """The derived gradients: the vector-Jacobian product with seed = dL/d${p.output.ident}."""`);
  if (bwdSizes.length) code.push(`    ${tuple(bwdSizes)} = sizes`);
  if (saved.length) code.push(`    ${tuple(saved)} = saved`);
  const bwdAt = code.length;
  const ba = emitBody(code, bwd, roots, d, new Set());
  code.push(`    return ${tuple(roots.map(ba))}`, "", "");
  bindLike(code, bwdAt, d, "seed");

  const seedIn = (indent: string) =>
    p.scalarOutput
      ? [
          d.name === "torch"
            ? `${indent}seed = torch.ones((), **_like(${p.inputs[0]?.ident ?? "None"})) if seed is None else _input(seed, "scalar", "seed").to(**_like(${p.inputs[0]?.ident ?? "None"}))`
            : `${indent}seed = 1.0 if seed is None else _input(seed, "scalar", "seed")`,
        ]
      : [
          `${indent}if seed is None:`,
          `${indent}    raise ValueError("seed (dL/d${p.output.ident}) is required: the output is not a scalar")`,
          `${indent}seed = _input(seed, ${pyString(p.output.layout)}, "seed")${d.name === "torch" && p.inputs.length ? `.to(**_like(${p.inputs[0].ident}))` : ""}`,
        ];
  const gradDict = (vals: readonly string[]) =>
    `{${grads.map((x, i) => `${pyString(x.key)}: _output(${vals[i]}, ${pyString(x.layout)})`).join(", ")}}`;
  const gnames = grads.map((x, i) => `g${i}`);

  if (d.name === "torch") {
    code.push(`class Kernel(torch.autograd.Function):`);
    code.push(`    """${p.output.ident} with its derived backward pass (not autograd's)."""`, "");
    // Double backward: torch.autograd.Function runs forward without recording, so the saved values carry no
    // graph. backward with create_graph (grad mode on) recomputes them from the saved inputs, and _backward
    // is built only from differentiable torch operations: its result is then differentiable in the inputs
    // and the seed (gradgradcheck, torch.autograd.functional.hessian).
    const inputsIn = p.inputs.map((x) => `_input(${x.ident}, ${pyString(x.layout)}, ${pyString(x.key)})`).join(", ");
    const k = p.inputs.length;
    code.push(`    @staticmethod`, `    def forward(ctx, ${params(p.inputs)}):`);
    code.push(`        out, sizes, saved = _forward(${inputsIn})`);
    code.push(
      `        ctx.sizes = sizes`,
      `        ctx.save_for_backward(${params(p.inputs)}${k ? ", " : ""}*saved)`,
      `        return _output(out, ${pyString(p.output.layout)})`,
      "",
    );
    code.push(`    @staticmethod`, `    def backward(ctx, seed):`);
    code.push(`        saved = ctx.saved_tensors[${k}:]`);
    code.push(`        if torch.is_grad_enabled():`);
    code.push(`            ${tuple(p.inputs.map((x) => x.ident))} = ctx.saved_tensors[:${k}]`);
    code.push(`            saved = _forward(${inputsIn})[2]`);
    code.push(
      `        ${gnames.length ? `${tuple(gnames)} = ` : ""}_backward(_input(seed, ${pyString(p.output.layout)}, "seed"), ctx.sizes, saved)`,
    );
    const ret = p.inputs.map((x) =>
      x.grad === null ? "None" : `_output(${gnames[grads.indexOf(x)]}, ${pyString(x.layout)})`,
    );
    code.push(`        return ${tuple(ret)}`, "", "");
    code.push(
      `def forward(${params(p.inputs)}):`,
      `    """The value of ${p.output.ident} (differentiable by torch through Kernel)."""`,
    );
    code.push(
      `    return Kernel.apply(${p.inputs.length > 1 ? "*_same(" : ""}${p.inputs.map((x) => `_tensor(${x.ident})`).join(", ")}${p.inputs.length > 1 ? ")" : ""})`,
      "",
      "",
    );
  } else {
    code.push(`def forward(${params(p.inputs)}):`, `    """The value of ${p.output.ident}."""`);
    readInputs(p, code);
    code.push(`    return _output(_forward(${params(p.inputs)})[0], ${pyString(p.output.layout)})`, "", "");
  }
  code.push(`def gradients(seed=None, ${p.inputs.map((x) => `${x.ident}=None`).join(", ")}):`);
  code.push(
    `    """{input: gradient}: the vector-Jacobian product with seed${p.scalarOutput ? " (default 1)" : ""}."""`,
  );
  const ind = d.name === "torch" ? "        " : "    ";
  if (d.name === "torch") code.push(`    with torch.no_grad():`);
  for (const x of p.inputs)
    code.push(`${ind}${x.ident} = _input(${x.ident}, ${pyString(x.layout)}, ${pyString(x.key)})`);
  if (d.name === "torch") sameInputs(p, code, ind);
  code.push(...seedIn(ind));
  code.push(`${ind}_, sizes, saved = _forward(${params(p.inputs)})`);
  code.push(`${ind}${gnames.length ? `${tuple(gnames)} = ` : ""}_backward(seed, sizes, saved)`);
  code.push(`${ind}return ${gradDict(gnames)}`);

  // jacobian_X / hessian_X: 2-D arrays, from the closed forms
  for (const x of p.extras) {
    code.push("", "", `def ${x.fn}(${params(p.inputs)}):`, `    """${extraDoc(p, x)}."""`);
    readInputs(p, code);
    if (d.name === "torch") sameInputs(p, code, "    ");
    prologue(p, code);
    const at = code.length;
    const xa = emitBody(code, extraInstrs(p, x), [x.value], d, new Set());
    // a closed form that is the number 0 is the zero matrix of the function's shape (rows x numel(x))
    const sh = extraShape(p, x);
    const v = sh && !isRef(x.value) && x.value.num === 0 ? d.zeros(sh.rows, sh.cols) : xa(x.value);
    code.push(`    return _asmatrix(${v}, ${sh ? sh.rows : "-1"}, ${x.ident})`);
    bindLike(code, at, d, p.inputs[0]?.ident);
  }

  const text = code.join("\n");
  const rt = pythonRuntime(text, d.name === "torch");
  return `${out.join("\n")}${rt ? `${rt}\n\n\n` : ""}${text}\n`;
}

export const isArg = isRef;
