// Constructors: the only way to make nodes. Each node is interned by a structural key (hash-consing).
import type {
  Const,
  Deriv,
  Diff,
  Dots,
  Expr,
  Num,
  Op,
  Pair,
  PVar,
  Sym,
  SymKind,
  Apply,
  SumIdx,
  Slice,
  Text,
} from "./types.js";

const table = new Map<string, Expr>();
let nextId = 1;

/** The children of nodes that hold them in fields of their own (see `children`), made once per node. */
const kidsOf = new WeakMap<Expr, readonly Expr[]>();
const NONE: readonly Expr[] = Object.freeze([]);

function intern<T extends Expr>(key: string, make: (id: number) => T): T {
  const found = table.get(key);
  if (found) return found as T;
  const node = Object.freeze(make(nextId++)) as T;
  table.set(key, node);
  return node;
}

function ids(xs: readonly Expr[]): string {
  let s = "";
  for (let i = 0; i < xs.length; i++) s += i ? `,${xs[i].id}` : `${xs[i].id}`;
  return s;
}

export function sym(name: string, hint: SymKind = "unknown", latex: string = name): Sym {
  const key = `s:${name}:${hint}:${latex}`;
  return intern(key, (id) => ({ k: "sym", id, key, name, latex, hint }));
}
export function num(value: number): Num {
  const key = `n:${Object.is(value, -0) ? 0 : value}`;
  return intern(key, (id) => ({ k: "num", id, key, value }));
}
export function constant(which: Const["which"]): Const {
  const key = `c:${which}`;
  return intern(key, (id) => ({ k: "const", id, key, which }));
}
export function op(name: string, args: readonly Expr[], attr?: number): Op {
  const key = `o:${name}:${attr ?? ""}(${ids(args)})`;
  return intern(key, (id) => ({
    k: "op",
    id,
    key,
    op: name,
    args: Object.freeze([...args]),
    ...(attr === undefined ? {} : { attr }),
  }));
}
export function deriv(of: Expr, wrt: readonly Expr[], order = wrt.length, upright = false): Deriv {
  const key = `d:${of.id}:${order}:${upright ? 1 : 0}(${ids(wrt)})`;
  return intern(key, (id) => ({ k: "deriv", id, key, of, wrt: Object.freeze([...wrt]), order, upright }));
}
export function apply(fn: Sym, args: readonly Expr[]): Apply {
  const key = `a:${fn.id}(${ids(args)})`;
  return intern(key, (id) => ({ k: "apply", id, key, fn, args: Object.freeze([...args]) }));
}
export function sumIdx(index: string, body: Expr, lo?: Expr, hi?: Expr): SumIdx {
  const key = `S:${index}:${lo?.id ?? ""}:${hi?.id ?? ""}:${body.id}`;
  return intern(key, (id) => ({ k: "sumidx", id, key, index, body, ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) }));
}
export function slice(x: Expr, row: Expr | null, col: Expr | null): Slice {
  const key = `sl:${x.id}:${row?.id ?? ":"}:${col?.id ?? ":"}`;
  return intern(key, (id) => ({ k: "slice", id, key, x, row, col }));
}
export function diff(x: Expr): Diff {
  const key = `D:${x.id}`;
  return intern(key, (id) => ({ k: "diff", id, key, x }));
}
export function pair(g: Expr, e: Expr): Pair {
  const key = `P:${g.id}:${e.id}`;
  return intern(key, (id) => ({ k: "pair", id, key, g, e }));
}
export function pvar(name: string): PVar {
  const key = `v:${name}`;
  return intern(key, (id) => ({ k: "pvar", id, key, name }));
}
export function dots(): Dots {
  return intern("...", (id) => ({ k: "dots", id, key: "..." }));
}
export function text(t: string): Text {
  const key = `t:${t}`;
  return intern(key, (id) => ({ k: "text", id, key, text: t }));
}

/** Children of a node, in order (the one generic traversal). */
export function children(e: Expr): readonly Expr[] {
  if (e.k === "op") return e.args;
  if (e.k === "sym" || e.k === "num" || e.k === "const" || e.k === "pvar" || e.k === "dots" || e.k === "text")
    return NONE;
  let cs = kidsOf.get(e);
  if (!cs) {
    cs = Object.freeze(childrenOf(e));
    kidsOf.set(e, cs);
  }
  return cs;
}

function childrenOf(e: Expr): readonly Expr[] {
  switch (e.k) {
    case "op":
      return e.args;
    case "deriv":
      return [e.of, ...e.wrt];
    case "apply":
      return [e.fn, ...e.args];
    case "sumidx":
      return [...(e.lo ? [e.lo] : []), ...(e.hi ? [e.hi] : []), e.body];
    case "slice":
      return [e.x, ...(e.row ? [e.row] : []), ...(e.col ? [e.col] : [])];
    case "diff":
      return [e.x];
    case "pair":
      return [e.g, e.e];
    case "sym":
    case "num":
    case "const":
    case "pvar":
    case "dots":
    case "text":
      return NONE;
  }
}

/** Rebuild `e` with new children (same order as `children`). */
export function withChildren(e: Expr, cs: readonly Expr[]): Expr {
  const same = children(e).every((c, i) => c === cs[i]);
  if (same) return e;
  switch (e.k) {
    case "op":
      return op(e.op, cs, e.attr);
    case "deriv":
      return deriv(cs[0], cs.slice(1), e.order, e.upright);
    case "apply":
      return apply(cs[0] as Sym, cs.slice(1));
    case "sumidx": {
      let i = 0;
      const lo = e.lo ? cs[i++] : undefined,
        hi = e.hi ? cs[i++] : undefined;
      return sumIdx(e.index, cs[i], lo, hi);
    }
    case "slice": {
      let i = 1;
      const row = e.row ? cs[i++] : null,
        col = e.col ? cs[i++] : null;
      return slice(cs[0], row, col);
    }
    case "diff":
      return diff(cs[0]);
    case "pair":
      return pair(cs[0], cs[1]);
    case "sym":
    case "num":
    case "const":
    case "pvar":
    case "dots":
    case "text":
      return e;
  }
}

/** Bottom-up map. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  const cs = children(e);
  const rebuilt = cs.length
    ? withChildren(
        e,
        cs.map((c) => mapExpr(c, f)),
      )
    : e;
  return f(rebuilt);
}

export function some(e: Expr, p: (e: Expr) => boolean): boolean {
  if (p(e)) return true;
  return children(e).some((c) => some(c, p));
}

export function symbolsOf(e: Expr, out = new Map<string, Sym>()): Map<string, Sym> {
  if (e.k === "sym") out.set(e.name, e);
  for (const c of children(e)) symbolsOf(c, out);
  return out;
}

export const isOp = <N extends string>(e: Expr, name: N): e is Op & { readonly op: N } => e.k === "op" && e.op === name;
