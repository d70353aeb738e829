// A fast-check generator of well-formed expression trees in the parser's normal form (what parseMath can
// return): leaves are themselves parsed from LaTeX, sums are flattened on the left, −(number) is a negative number.
import fc from "fast-check";
import * as A from "../../src/ast/index.js";
import { parseExpr } from "./parse.js";

/** Leaves of every symbol kind and spelling: plain, Greek, bold, accented, indexed, undefined macros, constants. */
export const LEAF_SOURCES = [
  "a",
  "x",
  "n",
  "\\alpha",
  "\\sigma",
  "\\epsilon",
  "A",
  "X",
  "\\Sigma",
  "\\mathbf{x}",
  "\\mathbf{W}",
  "\\boldsymbol{\\mu}",
  "\\bm{h}",
  "\\hat{\\mathbf{x}}",
  "\\tilde{X}",
  "\\bar{y}",
  "W_q",
  "W_{q1}",
  "\\mathbf{x}_i",
  "d_k",
  "x^{*}",
  "W^{(2)}",
  "f'",
  "\\queryMatrix",
  "\\inputVector",
  "\\numDim",
  "\\mathbf{1}",
  "\\mathbf{I}",
  "\\mathbf{0}",
  "2",
  "3",
  "0.5",
  "1.5",
  "10",
  "\\pi",
  "x^{n}",
  // notation the parser keeps as applications: big operators, bracket indexing, marks on non-symbols, f(\cdot)
  "\\prod_{i=1}^{n} x_i",
  "\\sum_{\\ell} x_{\\ell}",
  "X[b, c]",
  "{\\sigma^2}^{*}",
  "\\infty",
  "f_{l}(\\cdot)",
] as const;
/** Symbols whose printed name already ends in a script: a transpose, power or slice of them needs braces. */
export const SCRIPTED_SOURCES = [
  "W^{(2)}",
  "\\mathbf{W}^{(2)}",
  "\\mathbf{h}^{(l)}_{t}",
  "x^{*}",
  "W_{q}",
  "\\mathbf{x}_i",
  "\\hat{\\mathbf{W}}^{(1)}",
] as const;
const SCALARS = ["a", "x", "n", "\\alpha", "\\epsilon", "d_k"] as const;

let leaves: A.Expr[] | undefined;
let scalars: A.Expr[] | undefined;
let scripted: A.Expr[] | undefined;
const scriptedExprs = () => (scripted ??= SCRIPTED_SOURCES.map((s) => parseExpr(s)));
const leafExprs = () => (leaves ??= LEAF_SOURCES.map((s) => parseExpr(s)));
const scalarExprs = () => (scalars ??= SCALARS.map((s) => parseExpr(s)));

const op = (name: string, args: readonly A.Expr[], attr?: number) => A.op(name, args, attr);
/** a + (b + c) stays nested, (a + b) + c is one flat sum, as the grammar builds them. */
const add = (args: readonly A.Expr[]) =>
  A.isOp(args[0], "add") ? op("add", [...args[0].args, ...args.slice(1)]) : op("add", args);
const neg = (x: A.Expr) => (x.k === "num" ? A.num(-x.value) : op("neg", [x]));
const fnSym = (n: string) => A.sym(n, n === "E" ? "matrix" : "scalar", n);
const opSym = (n: string) => A.sym(n, "unknown", `\\operatorname{${n}}`);

const UNARY = [
  "transpose",
  "inv",
  "sqrt",
  "exp",
  "log",
  "sin",
  "cos",
  "tanh",
  "sigma",
  "relu",
  "softmax",
  "logsoftmax",
  "layernorm",
  "tr",
  "det",
  "logdet",
  "diag",
  "vec",
  "sum",
  "rowsum",
  "abs",
  "step",
  "norm",
  "frob",
  "tan",
  "cot",
  "sec",
  "csc",
  "sinh",
  "cosh",
  "coth",
  "arcsin",
  "arccos",
  "arctan",
  "sign",
  "norm1",
  "norminf",
  "max",
  "min",
  "argmaxind",
] as const;
const BINARY = ["mul", "hadamard", "ediv", "kron"] as const;

/** Random expression trees up to `depth` levels of operations. */
export function exprArb(depth = 4): fc.Arbitrary<A.Expr> {
  const leaf = fc.oneof(fc.constantFrom(...leafExprs()), fc.constantFrom(...scriptedExprs()));
  const scalar = fc.constantFrom(...scalarExprs());
  const index = fc.constantFrom<A.Expr | null>(null, parseExpr("i"), parseExpr("j"), A.num(1));
  const { expr } = fc.letrec<{ expr: A.Expr; node: A.Expr }>((tie) => ({
    expr: fc.oneof({ depthSize: "small", maxDepth: depth, withCrossShrink: true }, leaf, tie("node")),
    node: fc.oneof(
      fc.array(tie("expr"), { minLength: 2, maxLength: 3 }).map(add),
      tie("expr").map(neg),
      fc.tuple(fc.constantFrom(...BINARY), tie("expr"), tie("expr")).map(([o, a, b]) => op(o, [a, b])),
      // products of different kinds nested in each other: (A ⊙ B) C, (A ⊗ B) ⊙ C, A (B ⊙ C)
      fc
        .tuple(
          fc.constantFrom(...BINARY),
          fc.constantFrom(...BINARY),
          tie("expr"),
          tie("expr"),
          tie("expr"),
          fc.boolean(),
        )
        .map(([o, p, a, b, c, left]) => (left ? op(o, [op(p, [a, b]), c]) : op(o, [a, op(p, [b, c])]))),
      // postfix operations and slices of symbols that already carry a script: {W^{(2)}}^\top, {W_q}_{i,j}
      fc
        .tuple(
          fc.constantFrom("transpose", "inv", "pow", "epow", "slice"),
          fc.constantFrom(...scriptedExprs()),
          index,
          index,
        )
        .map(([o, x, r, c]) =>
          o === "slice"
            ? A.slice(x, r, c)
            : o === "pow"
              ? op("pow", [x], 2)
              : o === "epow"
                ? op("epow", [x], 2)
                : op(o, [x]),
        ),
      fc.tuple(fc.constantFrom(...UNARY), tie("expr")).map(([o, a]) => op(o, [a])),
      fc.tuple(tie("expr"), fc.constantFrom(2, 3, 0.5, -0.5, 1.5)).map(([a, p]) => op("pow", [a], p)),
      fc.tuple(tie("expr"), fc.constantFrom(2, 3, 0.5)).map(([a, p]) => op("epow", [a], p)),
      fc
        .tuple(tie("expr"), fc.constantFrom(...scalarExprs(), A.num(0.001)))
        .map(([a, eps]) => op("layernorm", [a, eps])),
      fc.array(tie("expr"), { minLength: 1, maxLength: 3 }).map((xs) => op("concat", xs)),
      fc
        .tuple(fc.constantFrom("i", "j"), tie("expr"), fc.option(fc.constant(A.num(1))), fc.option(scalar))
        .map(([i, body, lo, hi]) => A.sumIdx(i, body, lo ?? undefined, hi ?? undefined)),
      fc.tuple(tie("expr"), index, index).map(([x, r, c]) => A.slice(x, r, c)),
      fc
        .tuple(tie("expr"), fc.array(scalar, { minLength: 1, maxLength: 2 }), fc.boolean())
        .map(([f, wrt, upright]) => A.deriv(f, wrt, wrt.length, upright)),
      fc
        .tuple(fc.constantFrom("f", "g", "E"), fc.array(tie("expr"), { minLength: 1, maxLength: 3 }))
        .map(([f, xs]) => A.apply(fnSym(f), xs)),
      // p(a \mid b) and f(x > 0): a conditional or a relation as an argument
      fc
        .tuple(fc.constantFrom("f", "g"), fc.constantFrom("given", "<", ">", "\\leq", "="), tie("expr"), tie("expr"))
        .map(([f, r, a, b]) => A.apply(fnSym(f), [A.apply(r === "given" ? opSym(r) : A.sym(r, "unknown", r), [a, b])])),
      fc
        .tuple(
          fc.constantFrom("bmatrix", "pmatrix"),
          fc.array(fc.array(tie("expr"), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
        )
        .map(([env, rows]) =>
          A.apply(
            opSym(env),
            rows.map((r) => A.apply(opSym("row"), r)),
          ),
        ),
    ),
  }));
  return expr;
}
