// Running a JavaScript kernel: imported as an ES module from a data: URL, or (faster, for test batches)
// evaluated as a function body, which is the same code once `export` is dropped (the module has no imports).
import type { Boundary, Job, Result } from "./job.js";

export interface JsKernel {
  readonly INPUTS: Readonly<Record<string, readonly string[]>>;
  readonly OUTPUT: string;
  readonly OUTPUT_SHAPE: readonly string[];
  forward(inputs: Record<string, Boundary>): Boundary;
  gradients(inputs: Record<string, Boundary>, seed?: Boundary): Record<string, Boundary>;
  /** jacobian_X(inputs) / hessian_X(inputs), when emitted. */
  readonly [fn: string]: unknown;
}

/** Import the module text as a real ES module. */
export async function importJsKernel(text: string): Promise<JsKernel> {
  return (await import(`data:text/javascript;base64,${Buffer.from(text, "utf8").toString("base64")}`)) as JsKernel;
}

/** Evaluate the module text in-process without the module loader. */
export function loadJsKernel(text: string): JsKernel {
  const bodyText = text.replace(/^export /gm, "");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const names = [...text.matchAll(/^export (?:function|const) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  return new Function(`"use strict";\n${bodyText}\nreturn { ${names.join(", ")} };`)() as JsKernel;
}

export function runJsKernel(k: JsKernel, job: Job): Result {
  const outputs = job.points.map((p) => k.forward(p));
  const extras = Object.fromEntries(
    job.extras.map((fn) => [fn, (k[fn] as (i: Record<string, Boundary>) => Boundary)(job.base)]),
  );
  return { outputs, gradients: k.gradients(job.base, job.seed), extras };
}
