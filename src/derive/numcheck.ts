// Numeric check of a derivation: evaluate the forward definitions and the derived backward formulas on
// random inputs, and compare each input's gradient with central finite differences of ⟨seed, Y⟩ (float64).
import type { Expr } from "../ast/index.js";
import { evaluate } from "../numeric/eval.js";
import { fdGradient, relErr, mul, sum, isMat, type Value, type Mat } from "../numeric/index.js";
import type { Derivation } from "./reverse.js";
import { sampleSymbols, drawValue } from "./sample.js";
import { instantiate, positiveUses } from "../numeric/abstract.js";
import { documentFunctions } from "../parse/functions-abstract.js";

export interface GradientCheck {
  readonly input: string;
  readonly relErr: number;
}
export interface NumericRun {
  readonly values: Map<string, Value>; // inputs, constants and forward values
  readonly derivs: Map<Expr, Value>; // upstream and every backward value, by name node
  readonly output: Value;
}

/** Forward and backward values on one random draw. */
export function runDerivation(d: Derivation, seed: number): NumericRun {
  const exprs = d.forward.map((f) => f.rhs);
  const s = sampleSymbols(d.doc, [...d.inputs, ...d.constants], exprs, seed, d.forward);
  const values = new Map(s.values);
  const fns = documentFunctions(d.doc.env);
  if (fns?.abstract.size)
    instantiate(values, fns.abstract.keys(), positiveUses(exprs, new Set(fns.abstract.keys())), seed);
  for (const f of d.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
  const output = values.get(d.output.name)!;
  const derivs = new Map<Expr, Value>();
  if (d.upstream) {
    const sh = typeof output === "number" ? ([] as []) : ([output.rows, output.cols] as [number, number]);
    derivs.set(d.upstream, drawValue(sh, false, s.rng));
  }
  for (const b of d.backward) derivs.set(b.name, evaluate(b.expr, { values, derivs }, values.get(b.target.name)));
  return { values, derivs, output };
}

/** ⟨seed, Y(inputs)⟩ as a function of one input. */
function scalarOutput(d: Derivation, run: NumericRun, input: string): (x: Value) => number {
  return (x) => {
    const values = new Map(run.values);
    values.set(input, x);
    for (const f of d.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
    const y = values.get(d.output.name)!;
    if (!d.upstream) return typeof y === "number" ? y : (y as Mat).data[0];
    const p = mul(run.derivs.get(d.upstream)!, y);
    return typeof p === "number" ? p : sum(p);
  };
}

export function checkGradients(d: Derivation, seed = 1): GradientCheck[] {
  const run = runDerivation(d, seed);
  return d.backward
    .filter((b) => b.input)
    .map((b) => {
      const x = run.values.get(b.target.name)!;
      const fd = fdGradient(scalarOutput(d, run, b.target.name), x);
      let got = run.derivs.get(b.name)!;
      if (typeof got === "number" && isMat(x))
        got = { rows: x.rows, cols: x.cols, data: new Float64Array(x.rows * x.cols).fill(got) };
      // relative error, with a floor so that two vanishing gradients (a saturated softmax) compare equal
      const norm = (v: Value) => (typeof v === "number" ? Math.abs(v) : Math.hypot(...v.data));
      const scale = Math.max(norm(got), norm(fd), 1e-7);
      return { input: b.target.name, relErr: (relErr(got, fd) * Math.max(norm(got), norm(fd))) / scale };
    });
}
