// Rules compiled at build time (scripts/build-rules.mjs → dist/rules.json): every phase file parsed and validated
// once, its trees stored as nested arrays, rebuilt here through the AST constructors — so a compiled rule is the very
// same (hash-consed) object the parser would give. A phase is taken from the file only while its text is exactly the
// text it was compiled from; an edited rules file is parsed again, never silently ignored.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { Phase, Rule } from "./rules.js";

/** One node: [kind, …fields, …children]. */
type Packed = readonly (string | number | boolean | null | Packed)[];

export function pack(e: Expr): Packed {
  switch (e.k) {
    case "sym":
      return ["s", e.name, e.hint, e.latex];
    case "num":
      return ["n", e.value];
    case "const":
      return ["c", e.which];
    case "op":
      return ["o", e.op, e.attr ?? null, ...e.args.map(pack)];
    case "deriv":
      return ["d", e.order, e.upright, pack(e.of), ...e.wrt.map(pack)];
    case "apply":
      return ["a", pack(e.fn), ...e.args.map(pack)];
    case "sumidx":
      return ["S", e.index, e.lo ? pack(e.lo) : null, e.hi ? pack(e.hi) : null, pack(e.body)];
    case "slice":
      return ["l", pack(e.x), e.row ? pack(e.row) : null, e.col ? pack(e.col) : null];
    case "diff":
      return ["D", pack(e.x)];
    case "pair":
      return ["P", pack(e.g), pack(e.e)];
    case "pvar":
      return ["v", e.name];
    case "dots":
      return ["."];
    case "text":
      return ["t", e.text];
  }
}

export function unpack(p: Packed): Expr {
  const x = (i: number) => unpack(p[i] as Packed);
  const opt = (i: number) => (p[i] === null ? undefined : x(i));
  const rest = (i: number) => (p.slice(i) as Packed[]).map(unpack);
  switch (p[0]) {
    case "s":
      return A.sym(p[1] as string, p[2] as A.SymKind, p[3] as string);
    case "n":
      return A.num(p[1] as number);
    case "c":
      return A.constant(p[1] as "ones" | "eye" | "zero");
    case "o":
      return A.op(p[1] as string, rest(3), p[2] === null ? undefined : (p[2] as number));
    case "d":
      return A.deriv(x(3), rest(4), p[1] as number, p[2] as boolean);
    case "a":
      return A.apply(x(1) as A.Sym, rest(2));
    case "S":
      return A.sumIdx(p[1] as string, x(4), opt(2), opt(3));
    case "l":
      return A.slice(x(1), opt(2) ?? null, opt(3) ?? null);
    case "D":
      return A.diff(x(1));
    case "P":
      return A.pair(x(1), x(2));
    case "v":
      return A.pvar(p[1] as string);
    case ".":
      return A.dots();
    case "t":
      return A.text(p[1] as string);
    default:
      throw new Error(`compiled rules: unknown node ${JSON.stringify(p[0])}`);
  }
}

export interface CompiledPhase {
  readonly text: string;
  readonly rules: readonly { name: string; line: number; source: string; lhs: Packed; rhs: Packed }[];
}
export type CompiledRules = Partial<Record<Phase, CompiledPhase>>;

export function compilePhase(text: string, rules: readonly Rule[]): CompiledPhase {
  return {
    text,
    rules: rules.map((r) => ({ name: r.name, line: r.line, source: r.source, lhs: pack(r.lhs), rhs: pack(r.rhs) })),
  };
}

/** The compiled file beside the rules folder (`<package>/dist/rules.json`), read once; undefined when absent or unreadable. */
let cache: { file: string; rules: CompiledRules | undefined } | undefined;
export const compiledFile = (rulesDir: string) => join(rulesDir, "..", "dist", "rules.json");
function compiled(rulesDir: string): CompiledRules | undefined {
  const file = compiledFile(rulesDir);
  if (cache?.file !== file) {
    let rules: CompiledRules | undefined;
    try {
      rules = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CompiledRules) : undefined;
    } catch {
      rules = undefined;
    }
    cache = { file, rules };
  }
  return cache.rules;
}

/** The phase's rules from the compiled file, when it was compiled from exactly `text`; undefined otherwise. */
export function compiledPhase(rulesDir: string, phase: Phase, text: string, file: string): Rule[] | undefined {
  const c = compiled(rulesDir)?.[phase];
  if (!c || c.text !== text) return undefined;
  return c.rules.map((r) => ({
    name: r.name,
    phase,
    lhs: unpack(r.lhs),
    rhs: unpack(r.rhs),
    source: r.source,
    file,
    line: r.line,
  }));
}
