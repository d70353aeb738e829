// Token-level macro expansion, TeX-like, with an explicit input stack (no JS recursion).
import type { Loc, Tok } from "./lexer.js";
import type { Macro, MacroError, MacroTable } from "./table.js";

export interface Expansion {
  readonly tokens: Tok[];
  /** Each outermost invocation: its macro's name and number of parameters, and the tokens it produced. */
  readonly invocations: ReadonlyMap<
    number,
    { readonly name: string; readonly nparams: number; readonly count: number }
  >;
  readonly errors: MacroError[];
}

export interface ExpandLimits {
  maxDepth?: number;
  maxTokens?: number;
}

/** The outermost invocation being expanded. */
interface Invocation {
  readonly id: number;
  readonly name: string;
  readonly nparams: number;
  readonly outStart: number; // output length when it started
  readonly consumed: Tok[]; // input tokens it took (its macro token first), output as they are if it fails
  count: number; // output tokens produced
  work: number; // tokens produced by all its (nested) substitutions
}

interface Failure {
  readonly message: string;
  readonly poison: boolean;
}

const isSpace = (t: Tok): boolean => t.type === "ws" || t.type === "comment";

function locOf(t: Tok): Loc {
  return t.loc ?? { file: "<input>", line: 1, col: t.offset + 1 };
}

/** Index of the argument that body token `b` stands for, or -1. */
function paramIndex(m: Macro, b: Tok): number {
  if (m.namedParams) return b.type === "cmd" ? m.namedParams.indexOf(b.value.slice(1)) : -1;
  if (b.type !== "param") return -1;
  const k = Number(b.value[1]) - 1;
  return k < m.nparams ? k : -1;
}

/**
 * Expand all defined macros in `tokens`, leaving undefined control sequences as they are. Tokens produced by an
 * invocation carry the loc/offset of the invocation's macro token (arguments keep their own) and `from` = the id
 * of the outermost invocation. A failing invocation (missing argument, too deep, too many tokens) is left as
 * written (arguments included) with one located error; a macro that hit a limit is not retried in the same call.
 */
export function expand(tokens: readonly Tok[], table: MacroTable, limits: ExpandLimits = {}): Expansion {
  const maxDepth = limits.maxDepth ?? 32;
  const maxTokens = limits.maxTokens ?? 20000;
  const out: Tok[] = [];
  const invocations = new Map<number, { name: string; nparams: number; count: number }>();
  const errors: MacroError[] = [];
  const poisoned = new Map<string, string>();
  // the input stack, top = next token: pending[i] with its depth depths[i]
  // (0 = a token of the input, d > 0 = produced by the d-th nested expansion)
  const pending: Tok[] = [];
  const depths: number[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    pending.push(tokens[i]);
    depths.push(0);
  }
  let cur: Invocation | undefined;
  const known = new Map<string, Macro | null>(); // control sequence → its macro (null: not a macro)
  const lookup = (cs: string): Macro | null => {
    let m = known.get(cs);
    if (m === undefined) known.set(cs, (m = table.get(cs.slice(1)) ?? null));
    return m;
  };
  let nextId = 1;

  const pop = (): Tok | undefined => {
    const t = pending.pop();
    if (t !== undefined && depths.pop() === 0) cur!.consumed.push(t);
    return t;
  };
  const top = (): Tok | undefined => pending[pending.length - 1];
  const skipSpace = (): void => {
    while (pending.length > 0 && isSpace(top()!)) pop();
  };

  /** One TeX argument: a non-space token or a balanced group (braces stripped); undefined if missing. */
  const readArg = (): Tok[] | undefined => {
    skipSpace();
    const t = top();
    if (t === undefined || t.type === "rbrace") return undefined;
    pop();
    if (t.type !== "lbrace") return [t];
    const arg: Tok[] = [];
    for (let depth = 1; ; ) {
      const u = pop();
      if (u === undefined) return undefined;
      if (u.type === "lbrace") depth++;
      else if (u.type === "rbrace" && --depth === 0) return arg;
      arg.push(u);
    }
  };

  /** `[...]` up to the first `]` outside braces (one enclosing brace pair stripped); undefined if unterminated. */
  const readOptional = (): Tok[] | undefined => {
    pop();
    const arg: Tok[] = [];
    for (let depth = 0; ; ) {
      const u = pop();
      if (u === undefined) return undefined;
      if (u.type === "rbrack" && depth === 0) break;
      if (u.type === "lbrace") depth++;
      else if (u.type === "rbrace") depth--;
      arg.push(u);
    }
    const n = arg.length;
    if (n >= 2 && arg[0].type === "lbrace" && arg[n - 1].type === "rbrace") {
      let depth = 0,
        closesAtEnd = true;
      for (let i = 0; i < n - 1; i++) {
        if (arg[i].type === "lbrace") depth++;
        else if (arg[i].type === "rbrace" && --depth === 0) {
          closesAtEnd = false;
          break;
        }
      }
      if (closesAtEnd) return arg.slice(1, -1);
    }
    return arg;
  };

  /** Replace the macro token `site` (at depth d) and its arguments by the substituted body. */
  const expandOne = (site: Tok, d: number, m: Macro, inv: Invocation): Failure | undefined => {
    if (d >= maxDepth) return { message: `macro expansion too deep: \\${m.name}`, poison: true };
    if (d > 0 && poisoned.has(m.name)) return { message: poisoned.get(m.name)!, poison: false };
    const from = inv.id,
      offset = site.offset,
      loc = site.loc;
    const fromDef = (b: Tok): Tok => ({ type: b.type, value: b.value, offset, loc, from });
    const fromArg = (a: Tok): Tok =>
      a.from === from ? a : { type: a.type, value: a.value, offset: a.offset, loc: a.loc, from };
    const args: Tok[][] = [];
    if (m.optDefault) {
      skipSpace();
      if (top()?.type === "lbrack") {
        const a = readOptional();
        if (a === undefined) return { message: `unterminated [ in argument of \\${m.name}`, poison: false };
        args.push(a.map(fromArg));
      } else args.push(m.optDefault.map(fromDef));
    }
    while (args.length < m.nparams) {
      const a = readArg();
      if (a === undefined) return { message: `missing argument for \\${m.name}`, poison: false };
      args.push(a.map(fromArg));
    }
    const before = pending.length,
      body = m.body;
    for (let i = body.length - 1; i >= 0; i--) {
      const b = body[i];
      const k = args.length === 0 ? -1 : paramIndex(m, b);
      if (k < 0) pending.push({ type: b.type, value: b.value, offset, loc, from });
      else for (let j = args[k].length - 1; j >= 0; j--) pending.push(args[k][j]);
    }
    for (let i = before, n = pending.length; i < n; i++) depths.push(d + 1);
    inv.work += pending.length - before;
    if (inv.work > maxTokens) return { message: `macro expansion exceeds ${maxTokens} tokens`, poison: true };
    return undefined;
  };

  const commit = (): void => {
    if (cur) invocations.set(cur.id, { name: cur.name, nparams: cur.nparams, count: cur.count });
    cur = undefined;
  };

  const fail = (inv: Invocation, f: Failure): void => {
    out.length = inv.outStart;
    while (pending.length > 0 && depths[depths.length - 1] > 0) {
      pending.pop();
      depths.pop();
    }
    out.push(...inv.consumed); // the invocation as written, arguments included
    errors.push({ loc: locOf(inv.consumed[0]), message: f.message });
    if (f.poison) poisoned.set(inv.name, f.message);
    cur = undefined;
  };

  while (pending.length > 0) {
    const t = pending.pop()!;
    const d = depths.pop()!;
    if (d === 0) commit();
    const m = t.type === "cmd" || t.type === "csym" ? lookup(t.value) : null;
    if (m === null) {
      out.push(t);
      if (d > 0) cur!.count++;
      continue;
    }
    if (d === 0) {
      const seen = poisoned.get(m.name);
      if (seen !== undefined) {
        out.push(t);
        errors.push({ loc: locOf(t), message: seen });
        continue;
      }
      cur = { id: nextId++, name: m.name, nparams: m.nparams, outStart: out.length, consumed: [t], count: 0, work: 0 };
    }
    const f = expandOne(t, d, m, cur!);
    if (f) fail(cur!, f);
  }
  commit();
  return { tokens: out, invocations, errors };
}
