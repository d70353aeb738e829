// A seeded generator of random well-shaped expression graphs, written as statement files: declarations of
// inputs with named dimensions (n, m, k), then a few definitions built from products, sums and differences,
// transposes, Hadamard products, entrywise functions (tanh, σ, exp of bounded things, log of positive
// things), softmax, traces, inverses of well-conditioned matrices (I + G Gᵀ, or a square input), scalings by
// numbers, scalar inputs and dimension values (\sqrt{k}), and the constants 1 and I whose size comes from
// context. Every subterm is generated for a target shape, so the graph is well shaped by construction.
// Traces are of products (tr(A B)), and differences of distinct terms: tr of a bare symbol, I + I and
// tr(H − H) and 1ᵀ(c·x) (a scalar times 1 becomes rowsum of the scalar) meet known bugs of the
// derivation rules (reported), which this test is not about; so does (c·v) 1ᵀ ⊙ X, whose derivation drops
// the 1 and then binds the document's dimensions to 1 — the broadcast column here is a bare symbol. Inverses are of I + G Gᵀ or of a fresh input
// (drawn well conditioned), never of a product that may be singular.

type D = "n" | "m" | "k" | 1;
export interface Shape {
  readonly r: D;
  readonly c: D;
}
const DIMS: readonly D[] = ["n", "m", "k"];
const SCALAR: Shape = { r: 1, c: 1 };

/** mulberry32: a small deterministic generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Graph {
  readonly text: string;
  readonly output: string;
  readonly scalar: boolean;
}

const key = (s: Shape) => `${s.r}x${s.c}`;
const space = (s: Shape) =>
  s.r === 1 && s.c === 1 ? "\\mathbb{R}" : s.c === 1 ? `\\mathbb{R}^{${s.r}}` : `\\mathbb{R}^{${s.r} \\times ${s.c}}`;

class Gen {
  private readonly decls: string[] = [];
  private readonly pool = new Map<string, string[]>();
  private readonly positive: string[] = [];
  private nMat = 0;
  private nVec = 0;
  private readonly greek = ["\\alpha", "\\beta", "\\gamma", "\\delta", "\\eta"];
  constructor(private readonly r: () => number) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  /** A new input of the given shape (matrices M_i, vectors \mathbf{v}_i, Greek scalars). */
  input(s: Shape, positive = false): string {
    let name: string;
    if (s.r === 1 && s.c === 1) {
      if (this.greek.length === 0) return this.pick(["2", "0.5", "3"]);
      name = this.greek.shift()!;
    } else if (s.c === 1 && s.r !== 1) name = `\\mathbf{v}_{${++this.nVec}}`;
    else if (s.r === 1) return `(${this.input({ r: s.c, c: 1 }, positive)})^\\top`;
    else name = `M_{${++this.nMat}}`;
    this.decls.push(`${name} \\in ${space(s)}`);
    if (positive) {
      this.decls.push(`${name} > 0`);
      this.positive.push(name);
    } else (this.pool.get(key(s)) ?? this.pool.set(key(s), []).get(key(s))!).push(name);
    return name;
  }

  leaf(s: Shape): string {
    const have = this.pool.get(key(s));
    if (have?.length && this.chance(0.6)) return this.pick(have);
    return this.input(s);
  }

  define(name: string, s: Shape): void {
    (this.pool.get(key(s)) ?? this.pool.set(key(s), []).get(key(s))!).push(name);
  }

  /** A term of shape s with at most `depth` more levels of operations. */
  term(s: Shape, depth: number): string {
    if (depth <= 0 || this.chance(0.2)) return this.leaf(s);
    const sub = (t: Shape) => this.term(t, depth - 1);
    const p = (x: string) => `\\left(${x}\\right)`;
    const square = s.r === s.c && s.r !== 1;
    const matrix = s.r !== 1 && s.c !== 1;
    const rules: (() => string)[] = [
      () => {
        const inner = this.pick(DIMS);
        return `${p(sub({ r: s.r, c: inner }))} ${p(sub({ r: inner, c: s.c }))}`;
      },
      () => `${sub(s)} + ${sub(s)}`,
      () => {
        const a = sub(s);
        let b = sub(s);
        for (let i = 0; b === a && i < 5; i++) b = sub(s);
        if (b === a) b = this.input(s);
        return `${a} - ${p(b)}`;
      },
      () => `${p(sub(s))} \\odot ${p(sub(s))}`,
      () => `${p(sub({ r: s.c, c: s.r }))}^\\top`,
      () => `\\tanh${p(sub(s))}`,
      () => `\\sigma${p(sub(s))}`,
      () => `\\exp${p(`\\tanh${p(sub(s))}`)}`,
      () => {
        const a = sub(s);
        return `\\log${p(`1 + ${p(a)} \\odot ${p(a)}`)}`;
      },
      () => `\\log${p(this.input(s, true))}`,
      () => `${this.pick(["2", "0.5", "3", this.leaf(SCALAR)])} ${p(sub(s))}`,
      () => `\\frac{${sub(s)}}{\\sqrt{${this.pick(DIMS)}}}`,
    ];
    if (s.r !== 1 && (s.c === 1 || matrix)) rules.push(() => `\\operatorname{softmax}${p(sub(s))}`);
    if (matrix) rules.push(() => `${p(this.leaf({ r: s.r, c: 1 }))} \\mathbf{1}^\\top \\odot ${p(sub(s))}`);
    if (square) {
      rules.push(() => {
        const g = sub({ r: s.r, c: this.pick(DIMS) });
        return `\\left(\\mathbf{I} + ${p(g)} ${p(g)}^\\top\\right)^{-1}`;
      });
      rules.push(() => `${this.input(s)}^{-1}`);
    }
    if (s.r === 1 && s.c === 1) {
      rules.length = 0;
      rules.push(
        () => {
          const d = this.pick(DIMS),
            e = this.pick(DIMS);
          return `\\operatorname{tr}${p(`${p(sub({ r: d, c: e }))} ${p(sub({ r: e, c: d }))}`)}`;
        },
        () => {
          const d = this.pick(DIMS);
          return `${p(sub({ r: d, c: 1 }))}^\\top ${p(sub({ r: d, c: 1 }))}`;
        },
        () => `${sub(s)} + ${sub(s)}`,
        () => `${p(sub(s))} ${p(sub(s))}`,
        () => `${this.pick(["2", "0.5", this.leaf(SCALAR)])} ${p(sub(s))}`,
      );
    }
    return this.pick(rules)();
  }

  text(defs: readonly string[]): string {
    return [...this.decls, ...defs].join("\n") + "\n";
  }
}

/** One random graph: 1–3 intermediate definitions and an output (a scalar about a third of the time). */
export function randomGraph(seed: number): Graph {
  const r = rng(seed);
  const g = new Gen(r);
  const defs: string[] = [];
  const shapes: Shape[] = [
    { r: "n", c: "m" },
    { r: "n", c: "n" },
    { r: "m", c: 1 },
    { r: "k", c: "n" },
    { r: "n", c: 1 },
  ];
  const count = 1 + Math.floor(r() * 3);
  for (let i = 1; i <= count; i++) {
    const s = g.pick(shapes);
    defs.push(`H_{${i}} = ${g.term(s, 3)}`);
    g.define(`H_{${i}}`, s);
  }
  const scalar = r() < 0.35;
  const out = scalar ? SCALAR : g.pick(shapes);
  defs.push(`Y = ${g.term(out, 3)}`);
  return { text: g.text(defs), output: "Y", scalar };
}
