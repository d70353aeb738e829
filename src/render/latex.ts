// Expressions back to LaTeX, in the author's vocabulary (symbols print as written: `\queryMatrix`, `W_q`).
// The printed text parses back to the same tree (test/parse/roundtrip.test.ts): the grammar reads `-a b` as
// (−a) b and `\sum_i x y` as Σᵢ (x y), so the printer adds the parentheses those readings need.
import type { Expr, Relation, Space } from "../ast/index.js";
import { getOp, Prec, paren, scriptBase, type Printed } from "../ops/index.js";
import { GREEK } from "../parse/symbols.js";

const atom = (s: string): Printed => ({ s, prec: Prec.Atom });
/** Products whose left operand is printed by the product's own rule (`paren(left, Prec.Prod)`). */
const PRODUCTS = new Set(["mul", "hadamard", "kron"]);
/** Matrix environments as the parser records them: `bmatrix(row(a, b), row(c, d))`. */
const MATRIX_ENV = /^(b|p|v|V|B|small)?matrix$|^cases$/;
const RELATIONS = new Set([
  "=",
  "<",
  ">",
  "\\leq",
  "\\geq",
  "\\neq",
  "\\approx",
  "\\propto",
  "\\sim",
  "\\equiv",
  ":=",
  "\\to",
  "\\in",
]);
/** Printed text ending in one symbol token: a letter, a command (`\\alpha`), or a font/accent group (`\\mathbf{x}`). */
const ENDS_IN_SYMBOL = /(?:(?:^|[^\\A-Za-z])[A-Za-z]|\\[A-Za-z]+|\\[A-Za-z]+\{(?:[^{}]|\{[^{}]*\})*\})$/;

export function print(e: Expr): Printed {
  switch (e.k) {
    case "sym":
      return atom(e.latex);
    case "num": {
      if (e.value < 0) return { s: `-${fmtNum(-e.value)}`, prec: Prec.Neg };
      return atom(fmtNum(e.value));
    }
    case "const":
      return atom(e.which === "ones" ? "\\mathbf{1}" : e.which === "eye" ? "\\mathbf{I}" : "\\mathbf{0}");
    case "op":
      return printOp(e.op, e.args, e.attr);
    case "deriv": {
      const d = e.upright ? "\\text{d}" : "\\partial";
      const top = e.order > 1 ? `${d}^{${e.order}}` : d;
      const wrt = e.wrt.map((w) => `${d} ${paren(print(w), Prec.Postfix)}`).join(" ");
      return atom(`\\frac{${top} ${print(e.of).s}}{${wrt}}`);
    }
    case "apply": {
      const name = e.fn.name;
      if (
        MATRIX_ENV.test(name) &&
        e.fn.latex === `\\operatorname{${name}}` &&
        e.args.every((r) => r.k === "apply" && r.fn.name === "row")
      ) {
        const rows = e.args.map((r) => (r.k === "apply" ? r.args.map((c) => print(c).s).join(" & ") : ""));
        return atom(`\\begin{${name}} ${rows.join(" \\\\ ")} \\end{${name}}`);
      }
      const args = e.args.map((a) => print(a).s).join(", ");
      if (e.fn.latex === `\\operatorname{${name}}` && e.args.length === 2) {
        // the parser keeps symbolic exponents and roots as applications: x^{n}, A^{\circ p}, \sqrt[n]{x}
        const [base, p] = e.args.map(print);
        if (name === "pow") return { s: `${scriptBase(base, "^")}^{${p.s}}`, prec: Prec.Postfix };
        if (name === "epow") return { s: `${scriptBase(base, "^")}^{\\circ ${p.s}}`, prec: Prec.Postfix };
        if (name === "root") return atom(`\\sqrt[${base.s}]{${p.s}}`);
        // inside an argument list: p(y \mid x); a relation as an argument or a matrix cell: x > 0
        if (name === "given") return { s: `${base.s} \\mid ${p.s}`, prec: Prec.Rel };
      }
      if (e.args.length === 2 && e.fn.latex === name && RELATIONS.has(name))
        return { s: `${print(e.args[0]).s} ${name} ${print(e.args[1]).s}`, prec: Prec.Rel };
      const written = printWritten(e.fn.name, e.fn.latex, e.args);
      if (written) return written;
      if (name === "tuple" && e.fn.latex === "\\operatorname{tuple}") return atom(`\\left(${args}\\right)`);
      return atom(`${e.fn.latex}\\left(${args}\\right)`);
    }
    case "sumidx": {
      // Σ_b Σ_h Σ_w with no limits prints as the lecture writes it, \sum_{b,h,w}
      if (!e.lo && !e.hi && e.index && e.body.k === "sumidx" && !e.body.lo && !e.body.hi && e.body.index) {
        const ixs: string[] = [];
        let b: Expr = e;
        while (b.k === "sumidx" && !b.lo && !b.hi && b.index) {
          ixs.push(indexLatex(b.index));
          b = b.body;
        }
        return { s: `\\sum_{${ixs.join(",")}} ${paren(print(b), Prec.Prod)}`, prec: Prec.Prod };
      }
      const sub = e.index ? `_{${indexLatex(e.index)}${e.lo ? "=" + print(e.lo).s : ""}}` : "";
      const sup = e.hi ? `^{${print(e.hi).s}}` : "";
      return { s: `\\sum${sub}${sup} ${paren(print(e.body), Prec.Prod)}`, prec: Prec.Prod };
    }
    case "slice": {
      const i = (x: Expr | null) => (x ? print(x).s : ":");
      // a number keeps its parentheses: \pi_{i,j} would name a symbol π_ij
      const x = print(e.x);
      return atom(`${e.x.k === "num" ? `\\left(${x.s}\\right)` : scriptBase(x, "_")}_{${i(e.row)},${i(e.col)}}`);
    }
    case "diff":
      return atom(`\\mathrm{d}(${print(e.x).s})`);
    case "pair":
      return atom(`\\left\\langle ${print(e.g).s}, ${print(e.e).s} \\right\\rangle`);
    case "pvar":
      return atom(e.name);
    case "dots":
      return atom("\\ldots");
    // a lone command (`$\\propto$`, `\\infty`) is kept as the command, not spelt out as a word
    case "text":
      return atom(/^\\[A-Za-z]+$/.test(e.text) ? e.text : `\\text{${e.text.replace(/[{}\\]/g, "")}}`);
  }
}

function printOp(name: string, args: readonly Expr[], attr: number | undefined): Printed {
  const printed = args.map(print);
  switch (name) {
    // −(a b) must not print as `-a b`, which reads (−a) b
    case "neg":
      return { s: `-${paren(printed[0], Prec.Neg)}`, prec: Prec.Neg };
    // a − X is add(a, neg(X)): `a - b c` reads a + (−(b c)); any other term starting with a minus keeps its `+`
    case "add":
      return {
        s: args
          .map((a, i) => {
            const p = printed[i];
            if (i === 0) return p.prec <= Prec.Sum ? `\\left(${p.s}\\right)` : p.s;
            if (a.k === "op" && a.op === "neg") return ` - ${paren(print(a.args[0]), Prec.Sum + 1)}`;
            if (a.k === "num" && a.value < 0) return ` - ${fmtNum(-a.value)}`;
            return ` + ${p.prec <= Prec.Sum ? `\\left(${p.s}\\right)` : p.s}`;
          })
          .join(""),
        prec: Prec.Sum,
      };
  }
  // a big sum takes the rest of the product as its body: as a left factor it needs parentheses
  if (PRODUCTS.has(name) && (args[0].k === "sumidx" || (args[0].k === "apply" && BIG.test(args[0].fn.latex))))
    printed[0] = { s: printed[0].s, prec: Prec.Sum };
  // products of different kinds are parenthesised, as people read ⊙ and ⊗ looser than juxtaposition: (A ⊙ B) C,
  // not A ⊙ B C (which the grammar reads left to right, but a reader as A ⊙ (B C)); a product under ⊙ or ⊗ keeps
  // its reading (A B ⊙ C) and prints as before
  if (
    PRODUCTS.has(name) &&
    args[0].k === "op" &&
    PRODUCTS.has(args[0].op) &&
    args[0].op !== name &&
    args[0].op !== "mul"
  )
    printed[0] = { s: printed[0].s, prec: Prec.Sum };
  const out = getOp(name).latex(printed, attr);
  // `x \left(a + b\right)` would read as a call x(a + b): a symbol before a parenthesis gets an explicit \cdot
  if (name === "mul") {
    const l = paren(printed[0], Prec.Prod),
      r = paren(printed[1], Prec.Neg + 1);
    // f(\cdot), a function named without its argument, reads back as the product f •
    if (isHole(args[1])) return { s: `${l}\\left(\\cdot\\right)`, prec: out.prec };
    if (ENDS_IN_SYMBOL.test(l) && /^\\left[([]/.test(r)) return { s: `${l} \\cdot ${r}`, prec: out.prec };
  }
  return out;
}

/** Big operators other than Σ keep their written form (`\\prod_{i=1}^{n}`, `\\max_{i,j \\in P}`) as the function's LaTeX. */
const BIG = /^\\(prod|max|min|lim|sup|inf|int)(?![A-Za-z])/;
/** Postfix marks the parser keeps as applications on non-symbols: `{\\sigma^2}^{*}`, `(A B)^{\\dagger}`. */
const MARKS: Record<string, string> = { star: "*", prime: "\\prime", pinv: "\\dagger" };

/** Applications that the parser builds from notation other than f(x), printed in that notation (null: none). */
function printWritten(name: string, latex: string, args: readonly Expr[]): Printed | null {
  const op = latex === `\\operatorname{${name}}`;
  // X[b, c]: indexing with brackets
  if (op && name === "index" && args.length >= 2)
    return atom(
      `${paren(print(args[0]), Prec.Atom)}\\left[${args
        .slice(1)
        .map((a) => print(a).s)
        .join(", ")}\\right]`,
    );
  if (op && name in MARKS && args.length === 1) {
    const base = print(args[0]);
    return {
      s: `${base.prec < Prec.Atom ? `\\left(${base.s}\\right)` : `{${base.s}}`}^{${MARKS[name]}}`,
      prec: Prec.Postfix,
    };
  }
  if (BIG.test(latex) && args.length >= 1)
    return { s: `${latex} ${paren(print(args[args.length - 1]), Prec.Prod)}`, prec: Prec.Prod };
  return null;
}

/** A summation index as LaTeX: names of Greek letters are commands again (`ell` → `\\ell`). */
const indexLatex = (index: string): string =>
  index.replace(/[A-Za-z]+/g, (w) => (GREEK.has(w) ? `\\${w} ` : w)).replace(/ (?=[,}]|$)/g, "");

function fmtNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v - Math.PI) < 1e-15) return "\\pi";
  return String(Number(v.toPrecision(12)));
}

export const printExpr = (e: Expr): string => print(e).s;

export function printSide(x: Expr | Space): string {
  if (x.k !== "space") return printExpr(x);
  return x.dims.length ? `\\mathbb{R}^{${x.dims.map(printExpr).join(" \\times ")}}` : "\\mathbb{R}";
}
/** The argument slot of `f(\cdot)`, also the missing left side of a row such as `\approx O(n)`. */
const isHole = (e: Expr): boolean => e.k === "sym" && e.name === "\u2022";
export function printRelation(r: Relation): string {
  if (r.rest.length && r.first.k !== "space" && isHole(r.first))
    return r.rest.map((s) => `${s.rel === "\\in" ? "\\in" : s.rel} ${printSide(s.rhs)}`).join(" ");
  return [printSide(r.first), ...r.rest.map((s) => `${s.rel === "\\in" ? "\\in" : s.rel} ${printSide(s.rhs)}`)].join(
    " ",
  );
}
