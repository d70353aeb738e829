// The JavaScript backend: an ES module without imports that exports INPUTS, OUTPUT, OUTPUT_SHAPE,
// forward(inputs) and gradients(inputs, seed). Arrays at the boundary are {shape, data} (row-major
// Float64Array; a vector has shape [n]); scalars are numbers.
import { getOp } from "../../ops/registry.js";
import { isRef, type Arg, type Instr, type Program, type Port } from "../ir.js";
import { atomSize, showSize, type Size } from "../shapes.js";
import { commentText, jsString } from "../names.js";
import { jsRuntime } from "../runtime/js.js";
import {
  body,
  compactTemps,
  fuseTransposes,
  extraDoc,
  extraInstrs,
  extraShape,
  headerLines,
  knownShape,
  live,
  numberLiteral,
} from "./common.js";

const size = (s: Size) => showSize(s);
const rc = (i: Instr) => (i.shape.length === 2 ? [size(i.shape[0]), size(i.shape[1])] : ["1", "1"]);

function render(i: Instr, a: string[]): string {
  switch (i.op) {
    case "ones":
      return `R.ones(${rc(i).join(", ")})`;
    case "zeros":
      return `R.zeros(${rc(i).join(", ")})`;
    case "eye":
      return `R.eye(${rc(i)[0]})`;
    case "fill":
      return `R.fill(${a[0]}, ${rc(i).join(", ")})`;
    case "item":
      return `R.item(${a[0]})`;
    case "size":
      return `(${size(i.dim!)})`;
    case "sub":
      return `R.sub(${a[0]}, ${a[1]})`;
    default:
      return getOp(i.op).code.js(a, i.attr, rc(i) as [string, string]);
  }
}

/** An object key: quoted, and `__proto__` as a computed key so that it stays an own property. */
const key = (k: string) => (k === "__proto__" ? `[${jsString(k)}]` : jsString(k));
const frozenList = (xs: readonly string[]) => `Object.freeze([${xs.map(jsString).join(", ")}])`;

function readInputs(p: Program, lines: string[]): void {
  for (const x of p.inputs)
    lines.push(`  const ${x.ident} = R.input(inputs, ${jsString(x.key)}, ${jsString(x.layout)});`);
  for (const s of p.sizes) {
    if (s.axis === "value") continue;
    if (s.axis === "product") {
      lines.push(`  const ${s.ident} = ${atomSize(s.factors![0])} * ${atomSize(s.factors![1])};`);
      continue;
    }
    const v = `${s.input}.${s.axis === 0 ? "rows" : "cols"}`;
    lines.push(`  const ${s.ident} = ${s.offset === 0 && s.coef === 1 ? v : `(${v} - ${s.offset}) / ${s.coef}`};`);
  }
  for (const x of p.inputs)
    if (x.shape.length === 2 && knownShape(p, x.shape))
      lines.push(`  R.check(${x.ident}, ${size(x.shape[0])}, ${size(x.shape[1])}, ${jsString(x.key)});`);
}

function statements(instrs: readonly Instr[], roots: readonly Arg[], lines: string[]): (a: Arg) => string {
  const b = body(instrs, roots, render, numberLiteral);
  for (const s of b.statements) {
    if (s.instr.comment) lines.push(`  // ${commentText(s.instr.comment)}`);
    lines.push(`  const ${s.instr.out} = ${s.expr};`);
  }
  return b.arg;
}

const output = (v: string, port: Port) => `R.output(${v}, ${jsString(port.layout)})`;

/** forward's and gradients' instructions and results. */
function plan(p: Program) {
  const fwd = live(p.forward, [p.output.value]);
  const grads = p.inputs.filter((x) => x.grad !== null);
  const roots = grads.map((x) => x.grad!);
  const bwd = live(p.backward, roots);
  const need = new Set(
    bwd.flatMap((i) => i.args.filter(isRef).map((a) => a.ref)).concat(roots.filter(isRef).map((a) => a.ref)),
  );
  const all = [
    ...live(
      p.forward,
      [...need].map((ref) => ({ ref })),
    ),
    ...bwd,
  ];
  return { fwd, grads, roots, all };
}

export function emitJs(source: Program): string {
  const program = fuseTransposes(source);
  const pl0 = plan(program);
  const p = compactTemps(program, [
    { instrs: pl0.fwd, roots: [program.output.value] },
    { instrs: pl0.all, roots: pl0.roots },
    ...program.extras.map((x) => ({ instrs: extraInstrs(program, x), roots: [x.value] })),
  ]);
  const { fwd, grads, roots, all } = plan(p);
  const lines: string[] = [];
  lines.push(...headerLines(p, "js").map((l) => `// ${l}`.trimEnd()), "");
  lines.push(
    `export const INPUTS = Object.freeze({ ${p.inputs.map((x) => `${key(x.key)}: ${frozenList(x.dims)}`).join(", ")} });`,
  );
  lines.push(`export const OUTPUT = ${jsString(p.output.key)};`);
  lines.push(`export const OUTPUT_SHAPE = ${frozenList(p.output.dims)};`, "");
  const code: string[] = [];

  code.push(`/** The value of ${commentText(p.output.source)}. */`, "export function forward(inputs) {");
  readInputs(p, code);
  const outArg = statements(fwd, [p.output.value], code);
  code.push(`  return ${output(outArg(p.output.value), p.output)};`, "}", "");

  code.push(
    `/** {input: gradient}: the vector-Jacobian product of ${commentText(p.output.source)} with seed${p.scalarOutput ? " (default 1)" : ""}. */`,
  );
  code.push("export function gradients(inputs, seed) {");
  readInputs(p, code);
  if (p.scalarOutput) code.push(`  seed = seed === undefined ? 1 : R.input({ seed }, "seed", "scalar");`);
  else {
    code.push(`  seed = R.input({ seed }, "seed", ${jsString(p.output.layout)});`);
    if (p.output.shape.length === 2 && knownShape(p, p.output.shape))
      code.push(`  R.check(seed, ${size(p.output.shape[0])}, ${size(p.output.shape[1])}, "seed");`);
  }
  const arg = statements(all, roots, code);
  code.push(`  return { ${grads.map((x) => `${key(x.key)}: ${output(arg(x.grad!), x)}`).join(", ")} };`, "}");

  // jacobian_X / hessian_X: {shape: [rows, cols], data}
  for (const x of p.extras) {
    code.push("", `/** ${commentText(extraDoc(p, x))}. */`, `export function ${x.fn}(inputs) {`);
    readInputs(p, code);
    const xa = statements(extraInstrs(p, x), [x.value], code);
    // a closed form that is the number 0 is the zero matrix of the function's shape (rows x numel(x))
    const sh = extraShape(p, x);
    const v = sh && !isRef(x.value) && x.value.num === 0 ? `R.zeros(${sh.rows}, ${sh.cols})` : xa(x.value);
    code.push(`  return R.asmatrix(${v}, ${sh ? sh.rows : "-1"}, ${x.ident});`, "}");
  }

  const text = code.join("\n");
  return `${lines.join("\n")}\n${jsRuntime(text)}\n\n${text}\n`;
}
