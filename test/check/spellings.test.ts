// Derivative spellings of textbooks (issue 10): every spelling once right and once wrong in a lecture written the
// way PRML, Goodfellow et al. and MML write gradients (fixtures/spellings-textbook.md). Each claim's formula is
// re-implemented here in plain JavaScript and compared with central differences of the objective, also written
// here: texgrad's verdict must be what these independent numbers say, and every incorrect verdict pins the
// diagnosis that a reader checked by hand (comments below).
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checked, FIXTURES } from "./helpers.js";
import { notClaims } from "../../src/check/index.js";

// ---- a small independent dense library (row-major) ----
interface M {
  r: number;
  c: number;
  a: number[];
}
let seed = 12345;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return (seed / 2147483648) * 2 - 1;
};
const mat = (r: number, c: number): M => ({ r, c, a: Array.from({ length: r * c }, rnd) });
const at = (m: M, i: number, j: number) => m.a[i * m.c + j];
const mul = (x: M, y: M): M => {
  if (x.c !== y.r) throw new Error(`mul ${x.r}×${x.c} by ${y.r}×${y.c}`);
  const o: M = { r: x.r, c: y.c, a: new Array(x.r * y.c).fill(0) };
  for (let i = 0; i < x.r; i++)
    for (let j = 0; j < y.c; j++) {
      let s = 0;
      for (let k = 0; k < x.c; k++) s += at(x, i, k) * at(y, k, j);
      o.a[i * y.c + j] = s;
    }
  return o;
};
const T = (x: M): M => ({
  r: x.c,
  c: x.r,
  a: Array.from({ length: x.r * x.c }, (_, k) => at(x, k % x.r, Math.floor(k / x.r))),
});
const zip = (x: M, y: M, f: (p: number, q: number) => number): M => {
  if (x.r !== y.r || x.c !== y.c) throw new Error("shapes differ");
  return { r: x.r, c: x.c, a: x.a.map((v, k) => f(v, y.a[k])) };
};
const add = (x: M, y: M) => zip(x, y, (p, q) => p + q),
  sub = (x: M, y: M) => zip(x, y, (p, q) => p - q);
const sc = (s: number, x: M): M => ({ ...x, a: x.a.map((v) => s * v) });
const map = (x: M, f: (v: number) => number): M => ({ ...x, a: x.a.map(f) });
const diag = (v: M): M => ({
  r: v.r,
  c: v.r,
  a: Array.from({ length: v.r * v.r }, (_, k) => (k % v.r === Math.floor(k / v.r) ? v.a[k % v.r] : 0)),
});
const tr = (x: M) => {
  let s = 0;
  for (let i = 0; i < x.r; i++) s += at(x, i, i);
  return s;
};
const s1 = (x: M) => x.a[0];
const close = (x: M, y: M, tol = 1e-5) =>
  x.r === y.r && x.c === y.c && x.a.every((v, k) => Math.abs(v - y.a[k]) <= tol * (1 + Math.abs(y.a[k])));
/** ∂F/∂V by central differences, shaped like V (V is perturbed in place). */
function fdGrad(F: () => number, V: M, h = 1e-6): M {
  return {
    r: V.r,
    c: V.c,
    a: V.a.map((v, k) => {
      V.a[k] = v + h;
      const p = F();
      V.a[k] = v - h;
      const q = F();
      V.a[k] = v;
      return (p - q) / (2 * h);
    }),
  };
}
/** ∂vec Y/∂vec x for a vector x: the m×n Jacobian by central differences. */
function fdJac(Y: () => M, x: M, h = 1e-6): M {
  const cols = x.a.map((v, k) => {
    x.a[k] = v + h;
    const p = Y();
    x.a[k] = v - h;
    const q = Y();
    x.a[k] = v;
    return sc(1 / (2 * h), sub(p, q));
  });
  const m = cols[0].a.length;
  return {
    r: m,
    c: x.a.length,
    a: Array.from({ length: m * x.a.length }, (_, k) => cols[k % x.a.length].a[Math.floor(k / x.a.length)]),
  };
}

// ---- the fixture's quantities, on random sizes ----
const N = 5,
  D = 3,
  K = 4,
  Mdim = 2;
const X = mat(N, D),
  t = mat(N, 1),
  w = mat(D, 1),
  A = mat(D, D),
  b = mat(D, 1),
  x = mat(D, 1);
const W = mat(K, D),
  B = mat(K, D),
  C = mat(D, D),
  V = mat(Mdim, D),
  a = { r: 1, c: 1, a: [rnd()] };
const E = () => 0.5 * sub(t, mul(X, w)).a.reduce((s, v) => s + v * v, 0);
const f = () => s1(mul(mul(T(x), A), x)) + s1(mul(T(b), x));
const g = () => tr(mul(mul(T(B), W), C));
const h = () => Math.sin(a.a[0]) * a.a[0] ** 2;
const z = () => map(mul(V, x), Math.tanh);
const gradE = () => fdGrad(E, w),
  gradF = () => fdGrad(f, x),
  gradG = () => fdGrad(g, W),
  gradH = () => fdGrad(h, a);
// E and f are quadratic: central differences with a wide step are exact up to rounding (nested narrow ones are not)
const hessE = () => fdJac(() => fdGrad(E, w, 1e-2), w, 1e-2),
  hessF = () => fdJac(() => fdGrad(f, x, 1e-2), x, 1e-2);
const jacZ = () => fdJac(z, x);
const dz = () => diag(map(z(), (v) => 1 - v * v));
const r = () => sub(mul(X, w), t);

type Truth = "grad" | "row" | "jac" | "denominator";
interface Case {
  src: string;
  truth: () => M;
  claim: () => M;
  as?: Truth;
  diagnosis?: string;
  note?: string;
}
const cases: Case[] = [
  {
    src: "\\nabla_{\\mathbf{w}} E = \\mathbf{X}^\\top (\\mathbf{X}\\mathbf{w} - \\mathbf{t})",
    truth: gradE,
    claim: () => mul(T(X), r()),
  },
  // Xᵀ(t − Xw) is minus the gradient
  {
    src: "\\nabla_{\\mathbf{w}} E = \\mathbf{X}^\\top (\\mathbf{t} - \\mathbf{X}\\mathbf{w})",
    truth: gradE,
    claim: () => mul(T(X), sc(-1, r())),
    diagnosis: "wrong sign",
  },
  {
    src: "\\partial_{\\mathbf{w}} E = \\mathbf{X}^\\top \\mathbf{X}\\mathbf{w} - \\mathbf{X}^\\top \\mathbf{t}",
    truth: gradE,
    claim: () => sub(mul(mul(T(X), X), w), mul(T(X), t)),
  },
  // XᵀXw leaves out the −Xᵀt of the multiplied-out gradient
  {
    src: "\\partial_{\\mathbf{w}} E = \\mathbf{X}^\\top \\mathbf{X}\\mathbf{w}",
    truth: gradE,
    claim: () => mul(mul(T(X), X), w),
    diagnosis: "missing term -\\left(\\mathbf{X}^\\top \\mathbf{t}\\right)",
  },
  { src: "\\nabla_{\\mathbf{w}}^2 E = \\mathbf{X}^\\top \\mathbf{X}", truth: hessE, claim: () => mul(T(X), X) },
  // the Hessian of ½‖t − Xw‖² is XᵀX; 2XᵀX is the Hessian of ‖t − Xw‖²
  {
    src: "\\nabla_{\\mathbf{w}}^2 E = 2 \\mathbf{X}^\\top \\mathbf{X}",
    truth: hessE,
    claim: () => sc(2, mul(T(X), X)),
    diagnosis: "off by a constant factor 2",
  },
  {
    src: "\\mathrm{d}E = (\\mathbf{X}\\mathbf{w} - \\mathbf{t})^\\top \\mathbf{X} \\, \\mathrm{d}\\mathbf{w}",
    truth: gradE,
    claim: () => T(mul(T(r()), X)),
  },
  // the factor 2 of ‖·‖² cancels the ½ of E: the claim is twice the gradient
  {
    src: "\\mathrm{d}E = 2 (\\mathbf{X}\\mathbf{w} - \\mathbf{t})^\\top \\mathbf{X} \\, \\mathrm{d}\\mathbf{w}",
    truth: gradE,
    claim: () => T(sc(2, mul(T(r()), X))),
    diagnosis: "the claim is 2 times the gradient",
  },
  {
    src: "\\frac{\\partial E}{\\partial \\mathbf{w}} = (\\mathbf{X}\\mathbf{w} - \\mathbf{t})^\\top \\mathbf{X}",
    truth: gradE,
    claim: () => mul(T(r()), X),
    as: "row",
    note: "as a row vector",
  },
  // tᵀX is neither the row nor the column form of (Xw − t)ᵀX
  {
    src: "\\frac{\\partial E}{\\partial \\mathbf{w}} = \\mathbf{t}^\\top \\mathbf{X}",
    truth: gradE,
    claim: () => mul(T(t), X),
    as: "row",
    diagnosis: "wrong in both layouts",
  },
  {
    src: "\\nabla f(\\mathbf{x}) = (\\mathbf{A} + \\mathbf{A}^\\top)\\mathbf{x} + \\mathbf{b}",
    truth: gradF,
    claim: () => add(mul(add(A, T(A)), x), b),
  },
  // 2Ax is the gradient of xᵀAx only for a symmetric A, which the lecture does not assume
  {
    src: "\\nabla f(\\mathbf{x}) = 2 \\mathbf{A}\\mathbf{x} + \\mathbf{b}",
    truth: gradF,
    claim: () => add(sc(2, mul(A, x)), b),
    diagnosis: "holds only if \\mathbf{A} is symmetric",
  },
  {
    src: "\\frac{df}{d\\mathbf{x}} = \\mathbf{A}\\mathbf{x} + \\mathbf{A}^\\top\\mathbf{x} + \\mathbf{b}",
    truth: gradF,
    claim: () => add(add(mul(A, x), mul(T(A), x)), b),
  },
  // the Aᵀx from differentiating the second x of xᵀAx is left out
  {
    src: "\\frac{df}{d\\mathbf{x}} = \\mathbf{A}\\mathbf{x} + \\mathbf{b}",
    truth: gradF,
    claim: () => add(mul(A, x), b),
    diagnosis: "missing term \\mathbf{A}^\\top \\mathbf{x}",
  },
  {
    src: "\\partial f / \\partial \\mathbf{x} = (\\mathbf{A} + \\mathbf{A}^\\top)\\mathbf{x} + \\mathbf{b}",
    truth: gradF,
    claim: () => add(mul(add(A, T(A)), x), b),
  },
  // the gradient of bᵀx is left out
  {
    src: "\\partial f / \\partial \\mathbf{x} = (\\mathbf{A} + \\mathbf{A}^\\top)\\mathbf{x}",
    truth: gradF,
    claim: () => mul(add(A, T(A)), x),
    diagnosis: "missing term \\mathbf{b}",
  },
  { src: "\\nabla^2 f = \\mathbf{A} + \\mathbf{A}^\\top", truth: hessF, claim: () => add(A, T(A)) },
  // the Hessian of xᵀAx is A + Aᵀ, not A
  { src: "\\nabla^2 f = \\mathbf{A}", truth: hessF, claim: () => A, diagnosis: "differs from the Hessian" },
  {
    src: "\\frac{\\partial^2 f}{\\partial \\mathbf{x} \\partial \\mathbf{x}^\\top} = \\mathbf{A}^\\top + \\mathbf{A}",
    truth: hessF,
    claim: () => add(T(A), A),
  },
  // 2A is the Hessian only for a symmetric A
  {
    src: "\\frac{\\partial^2 f}{\\partial \\mathbf{x} \\partial \\mathbf{x}^\\top} = 2 \\mathbf{A}",
    truth: hessF,
    claim: () => sc(2, A),
    diagnosis: "differs from the Hessian",
  },
  {
    src: "\\mathrm{d}f = \\mathbf{x}^\\top (\\mathbf{A} + \\mathbf{A}^\\top) \\mathrm{d}\\mathbf{x} + \\mathbf{b}^\\top \\mathrm{d}\\mathbf{x}",
    truth: gradF,
    claim: () => add(T(mul(T(x), add(A, T(A)))), b),
  },
  // xᵀA dx reads off Aᵀx: the Ax of the other x is missing
  {
    src: "\\mathrm{d}f = \\mathbf{x}^\\top \\mathbf{A} \\mathrm{d}\\mathbf{x} + \\mathbf{b}^\\top \\mathrm{d}\\mathbf{x}",
    truth: gradF,
    claim: () => add(mul(T(A), x), b),
    diagnosis: "missing term \\mathbf{A} \\mathbf{x}",
  },
  {
    src: "\\mathrm{d}g = \\operatorname{tr}(\\mathbf{C} \\mathbf{B}^\\top \\mathrm{d}\\mathbf{W})",
    truth: gradG,
    claim: () => T(mul(C, T(B))),
  },
  // tr(Bᵀ dW) reads off B; tr(Bᵀ W C) has gradient B Cᵀ
  {
    src: "\\mathrm{d}g = \\operatorname{tr}(\\mathbf{B}^\\top \\mathrm{d}\\mathbf{W})",
    truth: gradG,
    claim: () => B,
    diagnosis: "missing factor \\mathbf{C}^\\top on the right",
  },
  {
    src: "\\mathrm{d}g = \\langle \\mathbf{B} \\mathbf{C}^\\top, \\mathrm{d}\\mathbf{W} \\rangle",
    truth: gradG,
    claim: () => mul(B, T(C)),
  },
  // B C in place of B Cᵀ: right only for a symmetric C
  {
    src: "\\mathrm{d}g = \\langle \\mathbf{B} \\mathbf{C}, \\mathrm{d}\\mathbf{W} \\rangle",
    truth: gradG,
    claim: () => mul(B, C),
    diagnosis: "holds only if \\mathbf{C} is symmetric",
  },
  {
    src: "\\frac{\\partial}{\\partial \\mathbf{W}} \\left( \\operatorname{tr}(\\mathbf{B}^\\top \\mathbf{W} \\mathbf{C}) \\right) = \\mathbf{B} \\mathbf{C}^\\top",
    truth: gradG,
    claim: () => mul(B, T(C)),
  },
  // B leaves out the Cᵀ
  {
    src: "\\frac{\\partial}{\\partial \\mathbf{W}} \\left( \\operatorname{tr}(\\mathbf{B}^\\top \\mathbf{W} \\mathbf{C}) \\right) = \\mathbf{B}",
    truth: gradG,
    claim: () => B,
    diagnosis: "missing factor \\mathbf{C}^\\top on the right",
  },
  {
    src: "\\frac{\\mathrm{d} g}{\\mathrm{d}\\mathbf{W}} = \\mathbf{B} \\mathbf{C}^\\top",
    truth: gradG,
    claim: () => mul(B, T(C)),
  },
  // the sign is wrong
  {
    src: "\\frac{\\text{d} g}{\\text{d}\\mathbf{W}} = -\\mathbf{B} \\mathbf{C}^\\top",
    truth: gradG,
    claim: () => sc(-1, mul(B, T(C))),
    diagnosis: "wrong sign",
  },
  {
    src: "\\frac{\\operatorname{d} g}{\\operatorname{d}\\mathbf{W}} = \\mathbf{B} \\mathbf{C}^\\top",
    truth: gradG,
    claim: () => mul(B, T(C)),
  },
  {
    src: "\\frac{d}{da} h = \\cos(a) a^2 + 2 a \\sin(a)",
    truth: gradH,
    claim: () => ({ r: 1, c: 1, a: [Math.cos(a.a[0]) * a.a[0] ** 2 + 2 * a.a[0] * Math.sin(a.a[0])] }),
  },
  // the derivative of a² is left out (product rule)
  {
    src: "\\frac{d}{da} h = \\cos(a) a^2",
    truth: gradH,
    claim: () => ({ r: 1, c: 1, a: [Math.cos(a.a[0]) * a.a[0] ** 2] }),
    diagnosis: "missing term 2",
  },
  {
    src: "\\frac{dh}{da} = 2 a \\sin(a) + a^2 \\cos(a)",
    truth: gradH,
    claim: () => ({ r: 1, c: 1, a: [2 * a.a[0] * Math.sin(a.a[0]) + a.a[0] ** 2 * Math.cos(a.a[0])] }),
  },
  {
    src: "\\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{x}} = \\operatorname{diag}(1 - \\mathbf{z} \\odot \\mathbf{z}) \\mathbf{V}",
    truth: jacZ,
    claim: () => mul(dz(), V),
    as: "jac",
  },
  {
    src: "\\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{x}} = \\mathbf{V}^\\top \\operatorname{diag}(1 - \\mathbf{z} \\odot \\mathbf{z})",
    truth: jacZ,
    claim: () => mul(T(V), dz()),
    as: "denominator",
    note: "denominator layout",
  },
  // Vᵀ (D×M) is neither the M×D Jacobian nor its transpose diag(1 − z⊙z)… Vᵀ
  {
    src: "\\frac{\\partial \\mathbf{z}}{\\partial \\mathbf{x}} = \\mathbf{V}^\\top",
    truth: jacZ,
    claim: () => T(V),
    as: "denominator",
    diagnosis: "differs from the Jacobian",
  },
  {
    src: "\\mathrm{d}\\mathbf{z} = \\operatorname{diag}(1 - \\mathbf{z} \\odot \\mathbf{z}) \\mathbf{V} \\mathrm{d}\\mathbf{x}",
    truth: jacZ,
    claim: () => mul(dz(), V),
    as: "jac",
  },
  // V dx leaves out the derivative of tanh
  {
    src: "\\mathrm{d}\\mathbf{z} = \\mathbf{V} \\mathrm{d}\\mathbf{x}",
    truth: jacZ,
    claim: () => V,
    as: "jac",
    diagnosis: "differs from the Jacobian",
  },
];

const FILE = join(FIXTURES, "spellings-textbook.md");
const lines = readFileSync(FILE, "utf8").split("\n");
const lineOf = (src: string) => {
  const hits = lines.flatMap((l, i) => (l.includes(`$${src}$`) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${src}: ${hits.length} lines`);
  return hits[0];
};

describe("check: derivative spellings of textbooks", () => {
  const { doc, claims } = checked(FILE);
  test("every claim of the lecture is one of the cases, and nothing fails to parse", () => {
    expect(doc.errors).toEqual([]);
    expect(claims.length).toBe(cases.length);
  });
  for (const c of cases) {
    test(c.src, () => {
      const hits = claims.filter((x) => x.loc.line === lineOf(c.src));
      expect(hits.length).toBe(1);
      const res = hits[0];
      // the independent verdict: the claim's formula against central differences of the objective
      const truth = c.truth(),
        claim = c.claim();
      const right = c.as === "row" || c.as === "denominator" ? close(T(claim), truth) : close(claim, truth);
      expect(right).toBe(c.diagnosis === undefined);
      expect(res.verdict, res.reason).toBe(right ? "correct" : "incorrect");
      if (c.diagnosis) expect(res.reason).toContain(c.diagnosis);
      if (c.note) expect(res.notes.join("; ")).toContain(c.note);
      if (!right && res.derived && c.as !== "jac" && c.as !== "denominator")
        expect(res.derived.length).toBeGreaterThan(0);
    });
  }
  test("formulas with a derivative that are not claims are listed with the reason", () => {
    const others = notClaims(doc).map((n) => n.reason);
    expect(others).toEqual(["an approximation (≈), not an equality", "an inequality, not an equality"]);
  });
});

describe("check: \\nabla without a subscript, ∂f/∂xᵀ, and differentials that are no claim", () => {
  const file = join(FIXTURES, "spellings-nabla.tex");
  const { doc, claims } = checked(file);
  const on = (l: number) => claims.filter((c) => c.loc.line === l);
  test("\\nabla g differentiates by the one input of g; \\nabla f names no variable when f has several", () => {
    // g = ‖u‖² has gradient 2u (one input); f = uᵀ S u + cᵀu depends on u, S and c
    expect(on(6)[0].verdict).toBe("correct");
    expect(on(7)[0].verdict).toBe("incorrect");
    expect(on(7)[0].reason).toContain("missing factor 2");
    expect(on(8)[0].verdict).toBe("unverifiable");
    expect(on(8)[0].reason).toContain("names no variable");
    expect(on(8)[0].claim.startsWith("\\nabla f = ")).toBe(true);
  });
  test("∂f/∂uᵀ as a row is right; the same as a column is accepted only as the other layout", () => {
    expect(on(9)[0].verdict).toBe("correct");
    expect(on(9)[0].notes.join(" ")).toContain("as a row vector");
  });
  test("a differential in several variables, or of a product of differentials, is listed as not a claim", () => {
    const reasons = notClaims(doc).map((n) => `${n.loc.line}: ${n.reason}`);
    expect(reasons).toEqual([
      "10: a differential in several variables (\\mathbf{u}, \\mathbf{c}): write one claim per variable",
      "11: a differential that is not read off as a gradient: a term with more than one differential (not linear)",
    ]);
  });
});
