// Derivatives in the lecture's own macros: a lecture that defines `\newcommand{\dL}[1]{\frac{\partial L}{\partial #1}}`
// (in its source or a notation file) reads `\dL{W_{q}}` where texgrad prints `\frac{\partial L}{\partial W_{q}}`.
// Printed LaTeX is matched against each derivative macro's body token by token (spaces ignored); a parameter
// matches a balanced group of tokens, the same one wherever it repeats. The rest of the text is kept as printed.
import type { MacroTable } from "../macro/index.js";
import { bodyOf } from "./macros.js";

interface Tok {
  readonly v: string;
  readonly start: number;
  readonly end: number;
}
type Pat = string | number; // a token, or a parameter (1-based)
export interface Fold {
  readonly name: string;
  readonly nparams: number;
  readonly pattern: readonly Pat[];
}

function tokens(s: string): Tok[] {
  const out: Tok[] = [];
  for (const m of s.matchAll(/\\[A-Za-z]+|\\.|#[1-9]|\S/gsu))
    out.push({ v: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** The table's macros (and its parents') whose body is a derivative: `\partial` or `\nabla`, every parameter used. */
export function derivativeFolds(table: MacroTable): Fold[] {
  const seen = new Set<string>(),
    out: Fold[] = [];
  for (let t: MacroTable | undefined = table; t; t = t.parent) {
    for (const name of t.names()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const m = table.get(name)!,
        body = bodyOf(m);
      if (body === null || !/\\(partial|nabla)(?![A-Za-z])/.test(body)) continue;
      const pattern = tokens(body).map((x) => (/^#[1-9]$/.test(x.v) ? Number(x.v[1]) : x.v));
      const params = new Set(pattern.filter((p): p is number => typeof p === "number"));
      if (params.size !== m.nparams || [...params].some((p) => p > m.nparams) || pattern.length < 3) continue;
      out.push({ name, nparams: m.nparams, pattern });
    }
  }
  // longer bodies first (\dLdW over \dL), then fewer parameters (\dL{X} over \grad{L}{X}): the most specific wins
  return out.sort((a, b) => b.pattern.length - a.pattern.length || a.nparams - b.nparams);
}

/** Where a balanced run of tokens starting at i ends (exclusive): one token, or a braced group. */
function unit(ts: readonly Tok[], i: number): number {
  if (ts[i]?.v !== "{") return ts[i] && ts[i].v !== "}" ? i + 1 : -1;
  let depth = 0;
  for (let j = i; j < ts.length; j++) {
    if (ts[j].v === "{") depth++;
    else if (ts[j].v === "}" && --depth === 0) return j + 1;
  }
  return -1;
}

/** Match `pat` at token i: the end token index and the parameters' token ranges, or null. */
function matchAt(
  ts: readonly Tok[],
  i: number,
  pat: readonly Pat[],
): { end: number; args: Map<number, [number, number]> } | null {
  const args = new Map<number, [number, number]>();
  let j = i;
  for (let p = 0; p < pat.length; p++) {
    const x = pat[p];
    if (typeof x === "string") {
      if (ts[j]?.v !== x) return null;
      j++;
      continue;
    }
    // a parameter: the whole content of the group it stands in (`{\partial #1}`), else one unit
    let end: number;
    if (pat[p + 1] === "}") {
      end = j;
      while (end < ts.length && ts[end].v !== "}") {
        const u = unit(ts, end);
        if (u < 0) return null;
        end = u;
      }
    } else end = unit(ts, j);
    // an argument is a formula of its own: never empty, never a script or prime of the token before (\partial^2)
    if (end < 0 || end === j || /^[\^_']$/.test(ts[j].v)) return null;
    const prev = args.get(x);
    if (prev) {
      if (prev[1] - prev[0] !== end - j || ts.slice(prev[0], prev[1]).some((t, k) => t.v !== ts[j + k].v)) return null;
    } else args.set(x, [j, end]);
    j = end;
  }
  return { end: j, args };
}

/** `latex` with every instance of a fold's body written as the macro. */
export function foldMacros(latex: string, folds: readonly Fold[]): string {
  if (!folds.length || !/\\(partial|nabla)/.test(latex)) return latex;
  const ts = tokens(latex);
  let out = "",
    at = 0;
  for (let i = 0; i < ts.length; ) {
    let hit: { fold: Fold; end: number; args: Map<number, [number, number]> } | null = null;
    for (const fold of folds) {
      const m = matchAt(ts, i, fold.pattern);
      if (m) {
        hit = { fold, ...m };
        break;
      }
    }
    if (!hit) {
      i++;
      continue;
    }
    const arg = (k: number) => {
      const [a, b] = hit!.args.get(k)!;
      return foldMacros(latex.slice(ts[a].start, ts[b - 1].end), folds);
    };
    const call = `\\${hit.fold.name}` + Array.from({ length: hit.fold.nparams }, (_, k) => `{${arg(k + 1)}}`).join("");
    const next = latex[ts[hit.end - 1].end] ?? "";
    out += latex.slice(at, ts[i].start) + call + (hit.fold.nparams === 0 && /[A-Za-z]/.test(next) ? " " : "");
    at = ts[hit.end - 1].end;
    i = hit.end;
  }
  return out + latex.slice(at);
}
