// Statement files with broadcasts (issue 8), shared by the derive, CLI and kernel tests: a scalar added to,
// subtracting from, multiplying or dividing a vector or matrix, s·1 and m·1 shifts, the row broadcast 1bᵀ and the
// lecture-convention column added to an n×m matrix.
const V = (x: string) => `\\mathbf{${x}} \\in \\mathbb{R}^{n}`;
const M = (x: string, r = "n", c = "m") => `${x} \\in \\mathbb{R}^{${r} \\times ${c}}`;
const S = (x: string) => `${x} \\in \\mathbb{R}`;
const file = (...lines: string[]) => `${lines.join("\n")}\n`;

export const BROADCASTS: Record<string, string> = {
  "x − s (the issue's case)": file(
    V("x"),
    S("s"),
    "\\mathbf{y} = \\mathbf{x} - s",
    "L = \\mathbf{y}^\\top \\mathbf{y}",
  ),
  "s + x, then a nonlinearity": file(
    V("x"),
    S("s"),
    "\\mathbf{y} = s + \\mathbf{x}",
    "L = \\mathbf{1}^\\top \\tanh(\\mathbf{y})",
  ),
  "s − X (matrix)": file(M("X"), S("s"), "Y = s - X", "L = \\operatorname{tr}(Y^\\top Y)"),
  "X + s as the output (upstream gradient)": file(M("X"), S("s"), "Y = X + s"),
  "s x and s X (scalar times)": file(
    V("x"),
    M("X"),
    S("s"),
    "L = \\mathbf{x}^\\top (s \\mathbf{x}) + \\operatorname{sum}(s X \\odot X)",
  ),
  "x − s 1": file(V("x"), S("s"), "\\mathbf{y} = \\mathbf{x} - s \\mathbf{1}", "L = \\mathbf{y}^\\top \\mathbf{y}"),
  "centred x − m 1 with m = 1ᵀx / n, normalised": file(
    V("x"),
    "m = \\frac{\\mathbf{1}^\\top \\mathbf{x}}{n}",
    "\\mathbf{c} = \\mathbf{x} - m \\mathbf{1}",
    "v = \\frac{\\mathbf{c}^\\top \\mathbf{c}}{n}",
    "\\mathbf{z} = \\frac{\\mathbf{c}}{\\sqrt{v + 1}}",
    "L = \\mathbf{z}^\\top \\mathbf{z} + \\mathbf{1}^\\top \\exp(\\mathbf{z})",
  ),
  "centred x − m without the 1": file(
    V("x"),
    "m = \\frac{1}{n} \\mathbf{1}^\\top \\mathbf{x}",
    "\\mathbf{c} = \\mathbf{x} - m",
    "L = \\mathbf{1}^\\top \\exp(\\mathbf{c})",
  ),
  "X W + 1 bᵀ (bias row)": file(
    M("X", "n", "d"),
    M("W", "d", "m"),
    "\\mathbf{b} \\in \\mathbb{R}^{m}",
    "Y = X W + \\mathbf{1}\\mathbf{b}^\\top",
    "L = \\operatorname{tr}(Y^\\top Y)",
  ),
  "X W + b, b ∈ ℝⁿ (column, lecture convention)": file(
    M("X", "n", "d"),
    M("W", "d", "m"),
    V("b"),
    "Y = X W + \\mathbf{b}",
    "L = \\operatorname{sum}(\\tanh(Y))",
  ),
  "a ⊙ X, X ÷ exp(v), − v (columns in ⊙, ÷, −)": file(
    M("X"),
    V("a"),
    V("v"),
    "Y = \\mathbf{a} \\odot X + \\frac{X}{\\exp(\\mathbf{v})} - \\mathbf{v}",
    "L = \\operatorname{sum}(Y \\odot Y)",
  ),
  "σ(x + s)": file(V("x"), S("s"), "\\mathbf{h} = \\sigma(\\mathbf{x} + s)", "L = \\mathbf{h}^\\top \\mathbf{h}"),
  "x / s": file(V("x"), S("s"), "s > 0", "\\mathbf{y} = \\frac{\\mathbf{x}}{s}", "L = \\mathbf{y}^\\top \\mathbf{y}"),
  "s / X + s ⊙ X": file(
    M("X"),
    S("s"),
    "X > 0",
    "Y = \\frac{s}{X} + s \\odot X",
    "L = \\operatorname{sum}(Y \\odot Y)",
  ),
  "logistic regression with a scalar bias": file(
    M("X", "n", "d"),
    "\\mathbf{w} \\in \\mathbb{R}^{d}",
    S("b"),
    "\\mathbf{z} = X \\mathbf{w} + b",
    "L = \\mathbf{1}^\\top \\log(1 + \\exp(-\\mathbf{z}))",
  ),
  "centred columns X − 1 μᵀ": file(
    M("X", "n", "d"),
    "\\boldsymbol{\\mu} = \\frac{X^\\top \\mathbf{1}}{n}",
    "C = X - \\mathbf{1} \\boldsymbol{\\mu}^\\top",
    "L = \\operatorname{tr}(C^\\top C) + \\operatorname{sum}(\\exp(C))",
  ),
  "x − aᵀx (a 1×1 product broadcast)": file(
    V("x"),
    V("a"),
    "\\mathbf{y} = \\mathbf{x} - \\mathbf{a}^\\top \\mathbf{x}",
    "L = \\mathbf{y}^\\top \\mathbf{y}",
  ),
  "X − uᵀ X w (a 1×1 product broadcast into a matrix)": file(
    M("X"),
    V("u"),
    "\\mathbf{w} \\in \\mathbb{R}^{m}",
    "Y = X - \\mathbf{u}^\\top X \\mathbf{w}",
    "L = \\operatorname{sum}(Y \\odot Y)",
  ),
  "1 / (s + x ⊙ x) + exp(s) x + s²": file(
    V("x"),
    S("s"),
    "s > 0",
    "\\mathbf{y} = \\frac{1}{s + \\mathbf{x} \\odot \\mathbf{x}} + \\exp(s) \\mathbf{x} + s^2",
    "L = \\mathbf{1}^\\top \\mathbf{y}",
  ),
  "tanh(X − v + s): a column and a scalar in one sum": file(
    M("X"),
    V("v"),
    S("s"),
    "Y = \\tanh(X - \\mathbf{v} + s)",
    "L = \\operatorname{sum}(Y \\odot Y) + \\operatorname{tr}(Y^\\top Y)",
  ),
  "softmax(x + s) + x − s, vector output": file(
    V("x"),
    S("s"),
    "\\mathbf{y} = \\operatorname{softmax}(\\mathbf{x} + s) + \\mathbf{x} - s",
  ),
};
