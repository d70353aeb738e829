// Function names texgrad does not support are refused by name, from this one place, with a located error
// ("\sup is not supported") — never read as a symbol, a product or a slice. Everything else in LaTeX's list of
// log-like functions is an operation (src/ops/: \tan … \coth, \arcsin \arccos \arctan, \exp \log \ln, \max \min
// of a vector, \det); `\operatorname{…}`/`\text{…}` names of no operation are refused when applied to arguments
// (`unknownFunction`: the place to change when such names become abstract functions).
import type { Loc } from "../macro/lexer.js";
import { LocatedError } from "../errors.js";

/** Log-like function commands (and their relatives) with no operation behind them. */
export const UNSUPPORTED_COMMANDS: ReadonlySet<string> = new Set([
  "lg",
  "dim",
  "Pr",
  "sup",
  "inf",
  "arg",
  "liminf",
  "limsup",
  "ker",
  "hom",
  "deg",
  "gcd",
]);

export const notSupported = (latex: string) => `${latex} is not supported`;

/** `\sup`, `\dim`, `\Pr`, …: refused wherever they appear. */
export function unsupportedCommand(loc: Loc, command: string): never {
  throw new LocatedError(loc, notSupported(command));
}

/** `\operatorname{foo}(x)` or `\operatorname{foo} x` for a name that is no operation. */
export function unknownFunction(loc: Loc, source: string): never {
  throw new LocatedError(loc, notSupported(source.replace(/\s+/g, "")));
}
