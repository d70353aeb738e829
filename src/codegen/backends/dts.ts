// TypeScript declarations for the JavaScript kernel (`emit --target js --types OUT.d.ts`): the same contract as the
// module — arrays are {shape, data: Float64Array} in row-major order, scalars are numbers — with every input,
// the output and each gradient named, so a TypeScript caller gets its mistakes from the compiler.
import type { Program, Port } from "../ir.js";
import { headerLines } from "./common.js";

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
const value = (x: Port) => (x.layout === "scalar" ? "number" : "Tensor");
const doc = (x: Port) => (x.dims.length ? [`  /** ${x.source.replace(/\*\//g, "* /")}: ${x.dims.join(" × ")} */`] : []);

export function emitJsTypes(p: Program): string {
  const lines = headerLines(p, "js")
    .slice(0, 3)
    .map((l) => `// ${l.replace("--target js", "--target js --types")}`.trimEnd());
  const inputs = p.inputs.flatMap((x) => [...doc(x), `  readonly ${key(x.key)}: ${value(x)};`]);
  const grads = p.inputs.filter((x) => x.grad).map((x) => `  readonly ${key(x.key)}: ${value(x)};`);
  return [
    ...lines,
    "",
    "/** A dense array: row-major `data`, `shape` [rows, cols] for a matrix, [n] for a vector. */",
    "export interface Tensor { readonly shape: readonly number[]; readonly data: Float64Array }",
    "",
    "export interface Inputs {",
    ...inputs,
    "}",
    "",
    "export interface Gradients {",
    ...grads,
    "}",
    "",
    `export declare const INPUTS: { readonly [name in keyof Inputs]: readonly string[] };`,
    `export declare const OUTPUT: ${JSON.stringify(p.output.key)};`,
    `export declare const OUTPUT_SHAPE: readonly string[];`,
    "",
    `/** The value of ${p.output.source.replace(/\*\//g, "* /")}. */`,
    `export declare function forward(inputs: Inputs): ${value(p.output)};`,
    `/** {input: gradient}: the vector-Jacobian product with seed${p.scalarOutput ? " (default 1)" : ""}. */`,
    `export declare function gradients(inputs: Inputs, seed${p.scalarOutput ? "?" : ""}: ${value(p.output)}): Gradients;`,
    ...p.extras.map(
      (x) =>
        `/** ${x.kind === "jacobian" ? "∂ rvec(output)/∂ rvec" : "∂²output/∂ rvec"}(${x.input}) in closed form, a 2-D array. */\nexport declare function ${x.fn}(inputs: Inputs): Tensor;`,
    ),
    "",
  ].join("\n");
}
