// Emitting a kernel module for a derivation: the IR, then one backend per target.
import type { Derivation } from "../derive/reverse.js";
import { buildProgram, type Program } from "./ir.js";
import { LocatedError } from "../errors.js";
import { emitJs } from "./backends/js.js";
import { emitNumpy } from "./backends/numpy.js";
import { emitTorch } from "./backends/torch.js";
import { emitC } from "./backends/c.js";
import { closedForms, type ExtraRequest } from "./extras.js";

export const TARGETS = ["js", "numpy", "torch", "c"] as const;
export type Target = (typeof TARGETS)[number];
export const isTarget = (s: string): s is Target => (TARGETS as readonly string[]).includes(s);

/** The module text; a target that cannot express the program is an error at the output's definition. */
export function emitProgram(p: Program, target: Target): string {
  try {
    return emitFor(p, target);
  } catch (err) {
    if (err instanceof LocatedError) throw err;
    throw new LocatedError(
      p.loc,
      `cannot emit a ${target} kernel: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function emitFor(p: Program, target: Target): string {
  switch (target) {
    case "js":
      return emitJs(p);
    case "numpy":
      return emitNumpy(p);
    case "torch":
      return emitTorch(p);
    case "c":
      return emitC(p);
  }
}

/** The kernel module for `d` in the target language, with jacobian_X / hessian_X functions for `extras`. */
export function emitKernel(d: Derivation, target: Target, extras: readonly ExtraRequest[] = []): string {
  return emitProgram(buildProgram(d, closedForms(d, extras)), target);
}
