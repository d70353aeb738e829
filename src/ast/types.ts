// The expression tree: an immutable, hash-consed discriminated union. Nodes are built only through the
// constructors in ./build.ts; equal trees are the same object, so `a === b` is structural equality.

export type SymKind = "scalar" | "vector" | "matrix" | "unknown";

interface Base {
  readonly id: number;
  readonly key: string;
}

/** A named quantity. `latex` is how the author wrote it (`\queryMatrix`, `\mathbf{x}`, `W_q`). */
export interface Sym extends Base {
  readonly k: "sym";
  readonly name: string;
  readonly latex: string;
  readonly hint: SymKind;
}
export interface Num extends Base {
  readonly k: "num";
  readonly value: number;
}
/** `\mathbf{1}`, `\mathbf{I}`, `\mathbf{0}`: shape comes from context. */
export interface Const extends Base {
  readonly k: "const";
  readonly which: "ones" | "eye" | "zero";
}
/** An operation from the ops registry (src/ops); `attr` carries op parameters such as the layer-norm ε. */
export interface Op extends Base {
  readonly k: "op";
  readonly op: string;
  readonly args: readonly Expr[];
  readonly attr?: number;
}
/** `\frac{\partial^n f}{\partial x \partial y}` or the `\text{d}` form. */
export interface Deriv extends Base {
  readonly k: "deriv";
  readonly of: Expr;
  readonly wrt: readonly Expr[];
  readonly order: number;
  readonly upright: boolean;
}
/** Application of a function that is not an operation: `E(\mathbf{w})`, `\attentionFunction(Q_i, K_i, V_i)`. */
export interface Apply extends Base {
  readonly k: "apply";
  readonly fn: Sym;
  readonly args: readonly Expr[];
}
/** `\sum_{index=lo}^{hi} body`. */
export interface SumIdx extends Base {
  readonly k: "sumidx";
  readonly index: string;
  readonly lo?: Expr;
  readonly hi?: Expr;
  readonly body: Expr;
}
/** `A_{:,j}`, `A_{i,:}`, `A_{ij}`: null stands for `:`. */
export interface Slice extends Base {
  readonly k: "slice";
  readonly x: Expr;
  readonly row: Expr | null;
  readonly col: Expr | null;
}
/** The differential d(x) of the matrix-differential method. */
export interface Diff extends Base {
  readonly k: "diff";
  readonly x: Expr;
}
/** ⟨G, E⟩ = tr(Gᵀ E): the pairing the read-off rules move a gradient through. */
export interface Pair extends Base {
  readonly k: "pair";
  readonly g: Expr;
  readonly e: Expr;
}
/** A rule pattern variable. */
export interface PVar extends Base {
  readonly k: "pvar";
  readonly name: string;
}
/** `\ldots`, `\dots`, `\cdots` as a list element. */
export interface Dots extends Base {
  readonly k: "dots";
}
/** Upright text that is not a known function (`\text{if}`), kept so that prose-like math still parses. */
export interface Text extends Base {
  readonly k: "text";
  readonly text: string;
}

export type Expr = Sym | Num | Const | Op | Deriv | Apply | SumIdx | Slice | Diff | Pair | PVar | Dots | Text;
export type ExprKind = Expr["k"];

/** Statement relations. */
export type Rel =
  | "="
  | "\\in"
  | "<"
  | ">"
  | "\\leq"
  | "\\geq"
  | "\\neq"
  | "\\approx"
  | "\\propto"
  | "\\sim"
  | "\\equiv"
  | ":="
  | "\\to"
  | "\\mapsto"
  | "\\forall";

/** `\mathbb{R}^{n \times d}`: a real space with dimension expressions. */
export interface Space {
  readonly k: "space";
  readonly field: string;
  readonly dims: readonly Expr[];
}

/** One relation chain as written: `a = b = c`, `X \in \mathbb{R}^{n\times d}`, or a bare expression. */
export interface Relation {
  readonly first: Expr | Space;
  readonly rest: readonly { readonly rel: Rel; readonly rhs: Expr | Space }[];
}
