// Relations → statements: declarations, definitions, derivative claims, chain statements, assumptions.
import * as A from "../ast/index.js";
import type { Expr, Relation, Rel, Space, Sym, Deriv } from "../ast/index.js";
import type { Loc } from "../macro/lexer.js";
import { readDifferential, type DifferentialReading } from "./differential-claims.js";

export type Statement =
  | { readonly kind: "declaration"; readonly loc: Loc; readonly syms: readonly Sym[]; readonly space: Space }
  | {
      readonly kind: "definition";
      readonly loc: Loc;
      readonly lhs: Sym;
      readonly params: readonly Expr[];
      readonly rhs: Expr;
      readonly also: readonly Expr[];
    }
  | {
      readonly kind: "claim";
      readonly loc: Loc;
      readonly deriv: Deriv;
      readonly rhs: Expr;
      readonly chain: boolean;
      readonly differential?: DifferentialReading;
    }
  | { readonly kind: "assumption"; readonly loc: Loc; readonly lhs: Expr; readonly rel: Rel; readonly rhs: Expr }
  | { readonly kind: "expression"; readonly loc: Loc; readonly expr: Expr; readonly relation: Relation };

export type StatementKind = Statement["kind"];
const ASSUMPTION_RELS = new Set<Rel>(["<", ">", "\\leq", "\\geq", "\\neq"]);

/** A product of derivatives (∂L/∂Q ∂Q/∂X) makes a claim a chain statement. */
function isChain(e: Expr): boolean {
  return A.some(
    e,
    (x) =>
      A.isOp(x, "mul") &&
      x.args.filter((a) => A.some(a, (y) => y.k === "deriv")).length >= 2 &&
      x.args.every((a) => A.some(a, (y) => y.k === "deriv")),
  );
}

function asSymbols(e: Expr): Sym[] | null {
  if (e.k === "sym") return [e];
  if (e.k === "apply" && e.fn.name === "tuple" && e.args.every((a) => a.k === "sym")) return e.args as Sym[];
  return null;
}

export function classify(rel: Relation, loc: Loc): Statement {
  const { first, rest } = rel;
  const expression = (): Statement => ({
    kind: "expression",
    loc,
    expr: first.k === "space" ? A.text("R") : first,
    relation: rel,
  });
  // a row `&= c` with no row before it has nothing on its left
  if (rest.length === 0 || first.k === "space" || (first.k === "sym" && first.name === "\u2022")) return expression();
  const { rel: r, rhs } = rest[0];
  if (r === "\\in" && rhs.k === "space") {
    const syms = asSymbols(first);
    if (syms) return { kind: "declaration", loc, syms, space: rhs };
    return expression();
  }
  if (rhs.k === "space") return expression();
  if (ASSUMPTION_RELS.has(r)) return { kind: "assumption", loc, lhs: first, rel: r, rhs };
  if (r !== "=" && r !== ":=" && r !== "\\equiv") return expression();
  const others = rest
    .slice(1)
    .filter((s) => s.rel === "=" && s.rhs.k !== "space")
    .map((s) => s.rhs as Expr);
  if (first.k === "deriv") return { kind: "claim", loc, deriv: first, rhs, chain: isChain(rhs) };
  // dL = tr(Gᵀ dX) claims ∂L/∂X = G (./differential-claims.ts)
  if (first.k === "diff" && r === "=") {
    const d = readDifferential(first, rhs);
    if ("gradient" in d)
      return {
        kind: "claim",
        loc,
        deriv: A.deriv(d.of, [d.wrt], 1, true),
        rhs: d.gradient,
        chain: false,
        differential: d,
      };
    return expression();
  }
  // 1ᵀt = 1 (tᵀ1 = 1) states that the entries of t sum to one: an assumption that restricts the draws
  if (r === "=" && rhs.k === "num" && isEntrySum(first)) return { kind: "assumption", loc, lhs: first, rel: r, rhs };
  const lhs = first.k === "sym" ? first : first.k === "apply" ? first.fn : null;
  const params = first.k === "apply" ? first.args : [];
  if (lhs && !(first.k === "apply" && first.fn.name === "tuple")) {
    // X = X^\top states a property of X, not a definition
    if (first.k === "sym" && A.some(rhs, (x) => x === first))
      return { kind: "assumption", loc, lhs: first, rel: r, rhs };
    return { kind: "definition", loc, lhs, params, rhs, also: others };
  }
  return expression();
}

/** 1ᵀx or xᵀ1 for a symbol x. */
function isEntrySum(e: Expr): boolean {
  if (!A.isOp(e, "mul") || e.args.length !== 2) return false;
  const [a, b] = e.args;
  const onesT = A.isOp(a, "transpose") && a.args[0].k === "const" && a.args[0].which === "ones";
  return (
    (onesT && b.k === "sym") ||
    (A.isOp(a, "transpose") && a.args[0].k === "sym" && b.k === "const" && b.which === "ones")
  );
}
