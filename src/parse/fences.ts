// Fences whose sides the grammar cannot pair by itself: one-sided `\left\{ … \right.` and the look-alike bars
// `|…|` and `\|…\|`, whose every pairing would otherwise be a separate parse (`|a|b|c|` has two).
import type { Tok } from "../macro/lexer.js";
import type { GTok, GType } from "./tokens.js";

/**
 * Delimiters of one-sided fences, `\left\{ … \right.` (cases) and `\left. … \right|`: the visible side has no
 * partner, so it is dropped like the invisible one. Returns token indices.
 */
export function oneSidedFences(toks: readonly Tok[]): Set<number> {
  const drop = new Set<number>();
  const open: number[] = [];
  for (let j = 0; j + 1 < toks.length; j++) {
    if (toks[j].value === "\\left") open.push(j + 1);
    else if (toks[j].value === "\\right" && open.length) {
      const a = open.pop()!,
        b = j + 1;
      const invisible = (k: number) => toks[k].type === "dot";
      if (invisible(a) !== invisible(b)) drop.add(invisible(a) ? b : a);
    }
  }
  return drop;
}

const FENCE_OPEN = new Set(["lparen", "lbrack", "lbrace"]),
  FENCE_CLOSE = new Set(["rparen", "rbrack", "rbrace"]);
const OPEN_CMDS = new Set(["\\langle", "\\{", "\\lfloor", "\\lceil"]),
  CLOSE_CMDS = new Set(["\\rangle", "\\}", "\\rfloor", "\\rceil"]);
const ENDS_OPERAND = new Set<GType>([
  "sym",
  "num",
  "rparen",
  "rbrack",
  "rbrace",
  "ones",
  "eye",
  "zero",
  "dots",
  "prime",
  "mat",
  "tword",
  "rbar",
  "rnorm",
]);
const ENDS_OPERAND_CMDS = new Set([
  "\\top",
  "\\intercal",
  "\\infty",
  "\\dagger",
  "\\prime",
  "\\ast",
  "\\star",
  ...CLOSE_CMDS,
]);
const fenceKind = (t: GTok): "bar" | "norm" | null =>
  t.type === "bar"
    ? "bar"
    : t.value === "\\|" || t.value === "\\Vert" || t.value === "\\lVert" || t.value === "\\rVert"
      ? "norm"
      : null;

/**
 * Pair `|…|` and `\|…\|` so that every formula has one reading: `|a| b |c|` is |a|·b·|c|, `\|\|x\|\|` nests. A bar
 * closes the innermost open bar of its bracket level when it follows an operand (or is written `\right|`, `\rVert`),
 * otherwise it opens one. Bars left open are the `|` of `p(y | x)`; unpaired norm bars stay as they are.
 */
export function pairFences(out: GTok[], sides: ReadonlyMap<number, "open" | "close">): void {
  const levels: number[][] = [[]];
  for (let j = 0; j < out.length; j++) {
    const t = out[j];
    if (FENCE_OPEN.has(t.type) || OPEN_CMDS.has(t.value)) {
      levels.push([]);
      continue;
    }
    if (FENCE_CLOSE.has(t.type) || CLOSE_CMDS.has(t.value)) {
      if (levels.length > 1) levels.pop();
      continue;
    }
    const kind = fenceKind(t);
    if (!kind) continue;
    const open = levels[levels.length - 1];
    const top = open.length ? open[open.length - 1] : -1;
    const prev = out[j - 1];
    const side = sides.get(j) ?? (t.value === "\\lVert" ? "open" : t.value === "\\rVert" ? "close" : undefined);
    const afterOperand = prev !== undefined && (ENDS_OPERAND.has(prev.type) || ENDS_OPERAND_CMDS.has(prev.value));
    if (top >= 0 && fenceKind(out[top]) === kind && side !== "open" && (side === "close" || afterOperand)) {
      open.pop();
      out[top] = { ...out[top], type: kind === "bar" ? "lbar" : "lnorm" };
      out[j] = { ...t, type: kind === "bar" ? "rbar" : "rnorm" };
    } else open.push(j);
  }
}
