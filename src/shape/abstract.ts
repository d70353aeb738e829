// Shapes of abstract functions (src/parse/functions-abstract.ts): φ(Z) and its derivatives φ′(Z), φ″(Z) are
// elementwise, with the shape of their one argument; l(o, y) of several arguments is a scalar, and its partial
// ∂l/∂o(o, y) has the shape of o.
import type { Apply } from "../ast/index.js";
import { documentFunctions, primeBase, partialBase } from "../parse/functions-abstract.js";
import { SCALAR, type Shape } from "./shape.js";
import { constDim, type Dim } from "./dims.js";

/** The abstract function an application names (φ for φ′), with the argument whose shape a partial has. */
export function abstractOf(env: object, e: Apply): { name: string; partial: number | null } | null {
  const fns = documentFunctions(env);
  if (!fns) return null;
  const p = partialBase(e.fn.name);
  if (p && fns.abstract.has(p[0]) && e.args.length > 1) return { name: p[0], partial: p[1] };
  const [base] = primeBase(e.fn.name);
  if (fns.abstract.has(base)) return { name: base, partial: null };
  return null;
}

export function abstractShape(env: { readonly ctx: { fresh(): Dim } }, e: Apply, args: readonly Shape[]): Shape | null {
  const a = abstractOf(env, e);
  if (!a) return null;
  if (a.partial !== null) return args[a.partial - 1] ?? null;
  if (args.length === 1) return args[0];
  // \basisVector(\mathbf{x}, \mathbf{V}): a column of a size its use decides
  if (e.fn.hint === "vector") return [env.ctx.fresh(), constDim(1)];
  // of several arguments, only a loss is known to be a scalar (l(o, y), E(w, b), \mathcal{L}(…)); others have no shape rule
  return isLossName(e.fn.name) ? SCALAR : null;
}

/** Names of scalar losses: l, ell, L, E, J, \mathcal{L}, …Loss, …Error, …Objective. */
export const isLossName = (name: string): boolean =>
  /^(l|ell|L|E|J|R|mathcalL|mathcal_L|calL)(_.*)?$/.test(name) ||
  /(Loss|loss|Error|error|Objective|objective|Likelihood)/.test(name);
