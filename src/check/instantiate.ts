// Claims about abstract functions: a claim is checked by instantiating the document's abstract functions with
// concrete smooth functions on each draw (src/numeric/abstract.ts). That says something only about functions the
// derivation itself uses: a claim whose right side applies another undefined function (\convolutionGradient(…))
// would be compared with an arbitrary instance of it, so it is unverifiable instead.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import { documentFunctions, primeBase, partialBase, isUserApply } from "../parse/functions-abstract.js";

/** The first abstract function applied in `rhs` that the definitions `used` never apply (φ′ counts as φ). */
export function foreignFunction(rhs: Expr, used: readonly Expr[], env: object): Sym | null {
  const fns = documentFunctions(env);
  if (!fns || fns.abstract.size === 0) return null;
  const base = (n: string) => partialBase(n)?.[0] ?? primeBase(n)[0];
  const known = new Set<string>();
  for (const e of used)
    A.some(e, (x) => {
      if (x.k === "apply") known.add(base(x.fn.name));
      return false;
    });
  let out: Sym | null = null;
  A.some(rhs, (x) => {
    if (isUserApply(x) && fns.abstract.has(base(x.fn.name)) && !known.has(base(x.fn.name))) {
      out = x.fn;
      return true;
    }
    return false;
  });
  return out;
}
