// Rules as data: rules/*.rules, one named rule a line (`name: lhs => rhs`, LaTeX on both sides), parsed by the
// math grammar and validated when loaded: no variable on the right that is not bound on the left, and both
// sides of the same shape.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { parseMath } from "../parse/index.js";
import { MacroTable } from "../macro/index.js";
import { LocatedError } from "../errors.js";
import { ShapeEnv } from "../shape/infer.js";
import { ShapeError } from "../shape/shape.js";
import { pvarsOf, varClass } from "./pattern.js";
import { compiledPhase } from "./compiled.js";

export type Phase = "stable" | "kernel" | "expand" | "differentiate" | "readoff" | "simplify" | "jacobian";
export const PHASES: readonly Phase[] = [
  "stable",
  "kernel",
  "expand",
  "differentiate",
  "readoff",
  "simplify",
  "jacobian",
];

export interface Rule {
  readonly name: string;
  readonly phase: Phase;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly source: string; // the rule line as written
  readonly file: string;
  readonly line: number;
}

/** The folder holding rules/*.rules (next to src/ in the checkout, also when running from dist/). */
let foundDir: string | undefined;
export function rulesDir(): string {
  if (foundDir) return foundDir;
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(d, "rules")) && existsSync(join(d, "package.json"))) return (foundDir = join(d, "rules"));
    d = dirname(d);
  }
  throw new Error("rules/ folder not found");
}

/** Rule symbols become pattern variables: A → A, \mathbf{x} → vec_x, s → s, E_r (a row) → E_r. */
function toPattern(e: Expr): Expr {
  return A.mapExpr(e, (x) => {
    if (x.k !== "sym" || !/^([A-Za-z](_\d+)?|E_r)$/.test(x.name)) return x;
    return A.pvar(x.hint === "vector" && /^[a-z]/.test(x.name) ? `vec_${x.name}` : x.name);
  });
}

const empty = new MacroTable();
function parseSide(text: string, file: string, line: number, col: number): Expr {
  const { relations } = parseMath(text, { file, line, col }, empty);
  if (relations.length !== 1 || relations[0].rest.length || relations[0].first.k === "space")
    throw new LocatedError({ file, line, col }, "a rule side must be one expression");
  return toPattern(relations[0].first as Expr);
}

/** Shapes of both sides with each variable a generic matrix (scalar or vector by its class). */
function checkShapes(r: Rule): void {
  const env = new ShapeEnv();
  const asSym = (e: Expr) =>
    A.mapExpr(e, (x) => {
      if (x.k !== "pvar") return x;
      const c = varClass(x.name);
      return A.sym(
        `v_${x.name}`,
        c === "scalar" || c === "sdiff" ? "scalar" : c === "vector" || c === "vdiff" ? "vector" : "matrix",
      );
    });
  const l = env.shapeOf(asSym(r.lhs)),
    rr = env.shapeOf(asSym(r.rhs));
  env.ctx.same(l, rr, `rule ${r.name}`);
}

export function parseRuleLine(text: string, phase: Phase, file: string, line: number): Rule | null {
  const body = text.replace(/(^|[^\\])%.*$/, "$1").trim();
  if (!body) return null;
  const m = /^([a-z][a-z0-9-]*)\s*:\s*(.*?)\s*=>\s*(.*)$/.exec(body);
  if (!m) throw new LocatedError({ file, line, col: 1 }, "a rule line is `name: lhs => rhs`");
  const [, name, l, r] = m;
  const lcol = text.indexOf(l) + 1,
    rcol = text.lastIndexOf(r) + 1;
  const rule: Rule = {
    name,
    phase,
    lhs: parseSide(l, file, line, lcol),
    rhs: parseSide(r, file, line, rcol),
    source: body,
    file,
    line,
  };
  const unbound = [...pvarsOf(rule.rhs)].filter((v) => !pvarsOf(rule.lhs).has(v));
  if (unbound.length)
    throw new LocatedError({ file, line, col: rcol }, `rule ${name}: ${unbound.join(", ")} not bound on the left`);
  try {
    checkShapes(rule);
  } catch (err) {
    if (err instanceof ShapeError) throw new LocatedError({ file, line, col: lcol }, err.message);
    throw err;
  }
  return rule;
}

/**
 * One phase file's rules, in file order (each file is read once per process). `validate` parses and checks every
 * line (what the tests and the build do); otherwise the build's compiled copy is used while it matches the file.
 */
const phaseCache = new Map<string, Rule[]>();
function loadPhase(dir: string, phase: Phase, validate: boolean): Rule[] {
  const key = `${dir}\0${phase}\0${validate}`;
  let rules = phaseCache.get(key);
  if (!rules) {
    const file = join(dir, `${phase}.rules`);
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    rules =
      (validate ? undefined : compiledPhase(dir, phase, text, file)) ??
      text.split(/\r?\n/).flatMap((line, i) => parseRuleLine(line, phase, file, i + 1) ?? []);
    phaseCache.set(key, rules);
  }
  return rules;
}

/** A phase file's text and its parsed, validated rules (scripts/build-rules.mjs compiles these). */
export function phaseSource(phase: Phase, dir = rulesDir()): { text: string; rules: Rule[] } {
  const file = join(dir, `${phase}.rules`);
  return { text: existsSync(file) ? readFileSync(file, "utf8") : "", rules: loadPhase(dir, phase, true) };
}

/** All rules, parsed and validated, by phase file (stable, kernel, expand, differentiate, readoff, simplify, jacobian), in file order; names unique. */
export function loadRules(dir = rulesDir()): Rule[] {
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".rules"))) {
    const phase = f.replace(/\.rules$/, "") as Phase;
    if (!PHASES.includes(phase)) throw new Error(`${join(dir, f)}: unknown rule phase ${phase}`);
  }
  const rules = [...PHASES].sort().flatMap((p) => loadPhase(dir, p, true));
  const names = new Set<string>();
  for (const r of rules) {
    if (names.has(r.name))
      throw new LocatedError({ file: r.file, line: r.line, col: 1 }, `rule ${r.name} defined twice`);
    names.add(r.name);
  }
  return rules;
}
/** The rules of one phase: a command loads only the phases it uses. */
export const rulesOf = (phase: Phase) => loadPhase(rulesDir(), phase, false);
/** The expand phase as derivations run it: the stable forms (rules/stable.rules) first, then expand.rules. */
export const expandRules = (): Rule[] => {
  const a = rulesOf("stable"),
    b = rulesOf("expand");
  // the same array while the phase files are the same: the rule engine indexes a rule list once (engine.ts)
  if (!expandCache || expandCache.a !== a || expandCache.b !== b) expandCache = { a, b, all: [...a, ...b] };
  return expandCache.all;
};
let expandCache: { a: Rule[]; b: Rule[]; all: Rule[] } | undefined;
