// A fast path for the common formulas: a hand-written recursive-descent parser for a subset of grammar/math.ne
// (symbols, numbers, 1/I/0, scripts and primes, braces, parentheses and brackets, products with \cdot \times
// \odot …, sums, unary signs, \frac, \sqrt, derivatives \frac{\partial L}{\partial X}, relations, spaces
// ℝ^{m×n}, comma lists, continuation rows `= …`). It calls the same builders (build.ts) in the same way as the
// grammar's postprocessors, so it returns the IDENTICAL tree (expressions are interned: the same nodes). Inside
// this subset the grammar has exactly one parse, and that parse is the one found here; on anything outside it
// (functions, big operators, bars, words, matrices, \left…, an error) it answers null and the caller runs nearley
// (test/parse/fast.test.ts compares the two on every statement of the fixtures, examples, seeds and corpus, and
// on random trees). Earley parsing costs ~0.3 ms a statement; this ~10 µs.
import * as B from "./build.js";
import type { Expr, Relation, Space } from "../ast/index.js";
import type { GTok, GType } from "./tokens.js";

/** Thrown inside the parser when a formula leaves the subset (caught at the entry points). */
const UNSURE: unique symbol = Symbol("unsure");

/** Token types a one-token script may be (grammar rule `single`; words and function names are left to nearley). */
const SINGLE = new Set<GType>(["sym", "num", "cmd", "minus", "plus", "star", "prime", "ones"]);
/** Token types inside a braced script (grammar rule `tok`, plus the braces themselves). */
const TOK = new Set<GType>([
  "sym",
  "num",
  "cmd",
  "csym",
  "fname",
  "minus",
  "plus",
  "comma",
  "colon",
  "rel",
  "caret",
  "under",
  "slash",
  "lparen",
  "rparen",
  "star",
  "dot",
  "ones",
  "eye",
  "zero",
  "dots",
  "tword",
  "prime",
  "dd",
  "bar",
  "lbar",
  "rbar",
  "lnorm",
  "rnorm",
  "lbrack",
  "rbrack",
  "semi",
  "mat",
  "fsym",
  "lbrace",
  "rbrace",
]);
/** Product operators (grammar rule `mulop`): literal spellings, and the typed ones. */
const MULOPS: Record<string, string> = {
  "\\cdot": "mul",
  "\\times": "mul",
  "\\ast": "mul",
  "\\odot": "hadamard",
  "\\circ": "hadamard",
  "\\oslash": "ediv",
  "\\otimes": "kron",
  "\\div": "ediv",
};
const FRAC = new Set(["\\frac", "\\tfrac", "\\dfrac"]);
/** Literal spellings the subset does not handle where a factor could start (left to nearley). */
const OTHER_LITERALS = new Set([
  "\\infty",
  "\\langle",
  "\\rangle",
  "\\binom",
  "\\lfloor",
  "\\rfloor",
  "\\lceil",
  "\\rceil",
  "\\{",
  "\\}",
  "\\sum",
  "\\prod",
  "\\int",
  "\\lim",
  "\\sup",
  "\\inf",
  "\\argmax",
  "\\argmin",
  "\\arg",
  "\\arg\\max",
  "\\arg\\min",
  "\\mid",
  "\\pm",
]);

class Parser {
  i = 0;
  constructor(private readonly t: readonly GTok[]) {}
  private peek(): GTok | undefined {
    return this.t[this.i];
  }
  private next(): GTok {
    const x = this.t[this.i++];
    if (!x) throw UNSURE;
    return x;
  }
  private expect(type: GType): GTok {
    const x = this.next();
    if (x.type !== type) throw UNSURE;
    return x;
  }
  /** nearley compares a literal with the token's text (its value when there is no text). */
  private static lit(x: GTok | undefined): string | undefined {
    return x === undefined ? undefined : x.text !== undefined ? x.text : x.value;
  }
  get done(): boolean {
    return this.i >= this.t.length;
  }

  /** main → list | rels (a continuation row `= c`). */
  main(): Relation[] {
    if (this.peek()?.type === "rel") return [B.relation(B.hole(), this.rels())];
    const out = [this.relation()];
    while (this.peek()?.type === "comma") {
      this.i++;
      out.push(this.relation());
    }
    return out;
  }
  private relation(): Relation {
    const first = this.side();
    return B.relation(first, this.peek()?.type === "rel" ? this.rels() : []);
  }
  private rels(): Relation["rest"] {
    const out: { rel: Relation["rest"][number]["rel"]; rhs: Expr | Space }[] = [];
    while (this.peek()?.type === "rel") {
      const r = this.next();
      out.push(B.relStep(r, this.side()));
    }
    return out;
  }
  private side(): Expr | Space {
    const x = this.peek();
    if (x?.type !== "reals") return this.expr();
    this.i++;
    if (this.peek()?.type !== "caret") return B.space(x, null);
    this.i++;
    return B.space(x, this.script());
  }

  /** expr → sum → prod ((+ | −) prod)*; without functions or big operators a product is a head. */
  expr(): Expr {
    let e = this.head();
    for (;;) {
      const x = this.peek();
      if (x?.type === "plus") {
        this.i++;
        e = B.binary("add", e, this.head());
      } else if (x?.type === "minus") {
        this.i++;
        e = B.binary("sub", e, this.head());
      } else return e;
    }
  }
  /** head → unary (factor | mulop unary)*. */
  private head(): Expr {
    let e = this.unary();
    for (;;) {
      const x = this.peek();
      if (x === undefined) return e;
      const op = this.mulop(x);
      if (op) {
        this.i++;
        e = B.binary(op, e, this.unary());
        continue;
      }
      if (!this.startsFactor(x)) return e;
      e = B.binary("mul", e, this.factor());
    }
  }
  private mulop(x: GTok): string | null {
    if (x.type === "star" || x.type === "slash") return x.type === "star" ? "mul" : "ediv";
    const l = Parser.lit(x)!;
    return Object.prototype.hasOwnProperty.call(MULOPS, l) ? MULOPS[l] : null;
  }
  private unary(): Expr {
    const x = this.peek();
    if (x?.type === "minus") {
      this.i++;
      return B.neg(this.unary());
    }
    if (x?.type === "plus") {
      this.i++;
      return this.unary();
    }
    return this.factor();
  }
  /** Whether a factor starts here; a token that could start something outside the subset is unsure. */
  private startsFactor(x: GTok): boolean {
    switch (x.type) {
      case "sym":
      case "num":
      case "ones":
      case "eye":
      case "zero":
      case "lbrace":
      case "lparen":
      case "lbrack":
        return true;
      case "plus":
      case "minus":
      case "rel":
      case "comma":
      case "rbrace":
      case "rparen":
      case "rbrack":
        return false;
      case "cmd": {
        const l = Parser.lit(x)!;
        if (FRAC.has(l) || l === "\\sqrt") return true;
        throw UNSURE;
      }
      default:
        throw UNSURE;
    }
  }
  /** factor → atom scripts | pgroup scripts. */
  private factor(): Expr {
    const x = this.peek();
    if (x?.type === "lparen" || x?.type === "lbrack") return B.postfix(B.groupExpr(this.pgroup()), this.scripts());
    return this.npfactor();
  }
  private npfactor(): Expr {
    const a = this.atom();
    return B.postfix(a, this.scripts());
  }
  private pgroup(): B.Group {
    const open = this.next();
    const args = [this.expr()];
    while (this.peek()?.type === "comma" || this.peek()?.type === "semi") {
      this.i++;
      args.push(this.expr());
    }
    const close = this.next();
    if (close.type !== "rparen" && close.type !== "rbrack") throw UNSURE;
    return B.group(open, args);
  }
  private atom(): Expr {
    const x = this.next();
    switch (x.type) {
      case "sym":
        return B.symbol(x);
      case "num":
        return B.number(x);
      case "ones":
      case "eye":
      case "zero":
        return B.constant(x);
      case "lbrace": {
        const e = this.expr();
        this.expect("rbrace");
        return e;
      }
      case "cmd":
        break;
      default:
        throw UNSURE;
    }
    const l = Parser.lit(x)!;
    if (l === "\\sqrt") {
      if (this.peek()?.type !== "lbrace") throw UNSURE;
      this.i++;
      const e = this.expr();
      this.expect("rbrace");
      return B.sqrt(e);
    }
    if (!FRAC.has(l) || OTHER_LITERALS.has(l)) throw UNSURE;
    this.expect("lbrace");
    if (Parser.lit(this.peek()) === "\\partial") return this.derivative(x);
    const a = this.expr();
    this.expect("rbrace");
    this.expect("lbrace");
    const b = this.expr();
    this.expect("rbrace");
    return B.binary("ediv", a, b);
  }
  /** \frac{\partial^k f}{\partial x \partial y}: dnum → dmark expr, dden → (dd npfactor)+ (the `{` is read). */
  private derivative(frac: GTok): Expr {
    const mark = this.dmark();
    // `\frac{\partial}{\partial x} f` is the operator form (a tail): left to nearley
    if (this.peek()?.type === "rbrace") throw UNSURE;
    const of = this.expr();
    this.expect("rbrace");
    this.expect("lbrace");
    const den: Expr[] = [];
    do {
      if (Parser.lit(this.next()) !== "\\partial") throw UNSURE;
      den.push(this.npfactor());
    } while (this.peek()?.type !== "rbrace");
    this.i++;
    return B.derivative(frac, { mark, of }, den);
  }
  private dmark(): { tok: GTok; order: number } {
    const tok = this.next();
    if (this.peek()?.type !== "caret") return { tok, order: 1 };
    this.i++;
    return { tok, order: B.order(this.script()) };
  }
  /** scripts → (^ script | _ script | ')*; a `:` (vec) is left to nearley. */
  private scripts(): B.Script[] {
    const out: B.Script[] = [];
    for (;;) {
      const x = this.peek();
      if (x?.type === "caret") {
        this.i++;
        out.push(B.script("^", this.script()));
      } else if (x?.type === "under") {
        this.i++;
        out.push(B.script("_", this.script()));
      } else if (x?.type === "prime") {
        this.i++;
        out.push(B.script("'", [x]));
      } else if (x?.type === "colon") throw UNSURE;
      else return out;
    }
  }
  /** script → { toks } | single: the tokens inside the braces (balanced), or the one token. */
  private script(): GTok[] {
    const x = this.next();
    if (x.type !== "lbrace") {
      if (!SINGLE.has(x.type)) throw UNSURE;
      return [x];
    }
    const start = this.i;
    let depth = 1;
    for (;;) {
      const y = this.next();
      if (!TOK.has(y.type)) throw UNSURE;
      if (y.type === "lbrace") depth++;
      else if (y.type === "rbrace" && --depth === 0) return this.t.slice(start, this.i - 1) as GTok[];
    }
  }
}

function attempt<T>(toks: readonly GTok[], f: (p: Parser) => T): T | null {
  if (toks.length === 0) return null;
  const p = new Parser(toks);
  try {
    const r = f(p);
    return p.done ? r : null;
  } catch (e) {
    if (e === UNSURE) return null;
    throw e;
  }
}

/** The grammar's one parse of a row (start symbol `main`), or null when unsure. */
export const fastMain = (toks: readonly GTok[]): Relation[] | null => attempt(toks, (p) => p.main());
/** The grammar's one parse of an expression (start symbol `expr`), or null when unsure. */
export const fastExpr = (toks: readonly GTok[]): Expr | null => attempt(toks, (p) => p.expr());

type Side = Expr | Space;
const sameSide = (a: Side, b: Side): boolean =>
  a === b ||
  (a.k === "space" &&
    b.k === "space" &&
    a.field === b.field &&
    a.dims.length === b.dims.length &&
    a.dims.every((d, i) => d === b.dims[i]));
/** Whether two parses of a row are the same tree (expressions are interned: same nodes). */
export const sameRelations = (a: readonly Relation[], b: readonly Relation[]): boolean =>
  a.length === b.length &&
  a.every(
    (r, i) =>
      sameSide(r.first, b[i].first) &&
      r.rest.length === b[i].rest.length &&
      r.rest.every((s, j) => s.rel === b[i].rest[j].rel && sameSide(s.rhs, b[i].rest[j].rhs)),
  );

/** Test hook (test/parse/fast.test.ts): when on, every fast parse is compared with nearley's. */
export const fastCheck = { on: false, compared: 0, mismatches: [] as string[] };
