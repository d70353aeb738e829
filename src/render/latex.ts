// Expressions back to LaTeX, in the author's vocabulary (symbols print as written: `\queryMatrix`, `W_q`).
import type { Expr, Relation, Space } from "../ast/index.js";
import { getOp, Prec, paren, type Printed } from "../ops/index.js";

const atom = (s: string): Printed => ({ s, prec: Prec.Atom });

export function print(e: Expr): Printed {
  switch (e.k) {
    case "sym": return atom(e.latex);
    case "num": {
      if (e.value < 0) return { s: `-${fmtNum(-e.value)}`, prec: Prec.Neg };
      return atom(fmtNum(e.value));
    }
    case "const": return atom(e.which === "ones" ? "\\mathbf{1}" : e.which === "eye" ? "\\mathbf{I}" : "\\mathbf{0}");
    case "op": return getOp(e.op).latex(e.args.map(print), e.attr);
    case "deriv": {
      const d = e.upright ? "\\text{d}" : "\\partial";
      const top = e.order > 1 ? `${d}^{${e.order}}` : d;
      const wrt = e.wrt.map((w) => `${d} ${paren(print(w), Prec.Postfix)}`).join(" ");
      return atom(`\\frac{${top} ${print(e.of).s}}{${wrt}}`);
    }
    case "apply": return atom(`${e.fn.latex}\\left(${e.args.map((a) => print(a).s).join(", ")}\\right)`);
    case "sumidx": {
      const sub = e.index ? `_{${e.index}${e.lo ? "=" + print(e.lo).s : ""}}` : "";
      const sup = e.hi ? `^{${print(e.hi).s}}` : "";
      return { s: `\\sum${sub}${sup} ${paren(print(e.body), Prec.Prod)}`, prec: Prec.Prod };
    }
    case "slice": {
      const i = (x: Expr | null) => (x ? print(x).s : ":");
      return atom(`${paren(print(e.x), Prec.Atom)}_{${i(e.row)}${e.col === null && e.row !== null ? "" : "," + i(e.col)}}`);
    }
    case "diff": return { s: `\\mathrm{d}${paren(print(e.x), Prec.Postfix)}`, prec: Prec.Postfix };
    case "pair": return atom(`\\left\\langle ${print(e.g).s}, ${print(e.e).s} \\right\\rangle`);
    case "pvar": return atom(e.name);
    case "dots": return atom("\\ldots");
    case "text": return atom(`\\text{${e.text.replace(/[{}\\]/g, "")}}`);
  }
}

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
export function printRelation(r: Relation): string {
  return [printSide(r.first), ...r.rest.map((s) => `${s.rel === "\\in" ? "\\in" : s.rel} ${printSide(s.rhs)}`)].join(" ");
}
