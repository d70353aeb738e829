// A reader of the terminal's Unicode math (src/render/unicode.ts) back into LaTeX, written from the notation alone
// (standard reading: juxtaposition is a product, ᵀ ⁻¹ ² bind tightest, ∂a/∂b is one derivative, (a/b) a fraction,
// √ takes the unit after it, ∑ᵢ the rest of the product): if the printed text reads back as the tree it came
// from, the Unicode is unambiguous for a reader.
const GREEK: Record<string, string> = {
  α: "alpha",
  β: "beta",
  γ: "gamma",
  δ: "delta",
  ε: "epsilon",
  ζ: "zeta",
  η: "eta",
  θ: "theta",
  ι: "iota",
  κ: "kappa",
  λ: "lambda",
  μ: "mu",
  ν: "nu",
  ξ: "xi",
  π: "pi",
  ρ: "rho",
  σ: "sigma",
  τ: "tau",
  υ: "upsilon",
  ϕ: "phi",
  φ: "varphi",
  χ: "chi",
  ψ: "psi",
  ω: "omega",
  Γ: "Gamma",
  Δ: "Delta",
  Θ: "Theta",
  Λ: "Lambda",
  Ξ: "Xi",
  Π: "Pi",
  Σ: "Sigma",
  Φ: "Phi",
  Ψ: "Psi",
  Ω: "Omega",
  ℓ: "ell",
};
const FUNCTIONS = new Set(["exp", "log", "sin", "cos", "tan", "tanh", "sinh", "cosh", "det", "max", "min"]);
const OPERATORS = new Set([
  "softmax",
  "logsoftmax",
  "tr",
  "diag",
  "rowsum",
  "ReLU",
  "LayerNorm",
  "vec",
  "rvec",
  "sum",
  "concat",
  "softplus",
  "sign",
  "logdet",
]);
const SUPER: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
  "⁻": "-",
  "⁺": "+",
  ⁿ: "n",
  ⁱ: "i",
  ᵏ: "k",
};
const SUBSCRIPT: Record<string, string> = {
  "₀": "0",
  "₁": "1",
  "₂": "2",
  "₃": "3",
  ᵢ: "i",
  ⱼ: "j",
  ₖ: "k",
  ₙ: "n",
  "₌": "=",
};
const BIN: Record<string, string> = { "⊙": "\\odot", "⊗": "\\otimes", "⊘": "\\oslash", "·": "\\cdot", "×": "\\times" };

export function unicodeToLatex(text: string): string {
  const s = [...text];
  let i = 0;
  const peek = () => s[i];
  const ws = () => {
    while (s[i] === " ") i++;
  };

  /** sum := product ((+|−) product)* */
  function sum(): string {
    let out = product();
    for (;;) {
      ws();
      if (peek() === "+" || peek() === "−") {
        const o = s[i++] === "+" ? "+" : "-";
        out += ` ${o} ${product()}`;
        continue;
      }
      return out;
    }
  }
  /** product := unary (juxtaposed unary | binop unary)* */
  function product(): string {
    let out = unary();
    for (;;) {
      const save = i;
      ws();
      const c = peek();
      if (
        c === undefined ||
        c === ")" ||
        c === "]" ||
        c === "," ||
        c === "+" ||
        c === "−" ||
        c === "/" ||
        c === "⟩" ||
        c === "‖" ||
        c === ";"
      ) {
        i = save;
        return out;
      }
      if (BIN[c]) {
        i++;
        ws();
        out += ` ${BIN[c]} ${unary()}`;
        continue;
      }
      out += ` ${unary()}`;
    }
  }
  function unary(): string {
    ws();
    if (peek() === "−") {
      i++;
      return `-${unary()}`;
    }
    return postfix();
  }
  function postfix(): string {
    let base = primary();
    for (;;) {
      const c = peek();
      if (c === "ᵀ") {
        i++;
        base = `{${base}}^{\\top}`;
        continue;
      }
      if (c === "⁻" && s[i + 1] === "ᵀ") {
        i += 2;
        base = `{${base}}^{-\\top}`;
        continue;
      }
      if (c === "∘" && s[i + 1] === "²") {
        i += 2;
        base = `{${base}}^{\\circ 2}`;
        continue;
      }
      if (c !== undefined && SUPER[c] !== undefined) {
        let p = "";
        while (peek() !== undefined && SUPER[peek()] !== undefined) p += SUPER[s[i++]];
        base = `{${base}}^{${p}}`;
        continue;
      }
      if (c === "^") {
        i++;
        base = `{${base}}^{${script()}}`;
        continue;
      }
      if (c === "[") {
        i++;
        let idx = "";
        while (peek() !== "]") idx += s[i++];
        i++;
        base = `{${base}}_{${idx}}`;
        continue;
      }
      return base;
    }
  }
  function script(): string {
    if (peek() === "(") {
      i++;
      const x = sum();
      i++;
      return x;
    }
    return primary();
  }
  function name(): string {
    let w = "";
    while (peek() !== undefined && /[A-Za-z0-9]/.test(peek())) w += s[i++];
    return w;
  }
  function primary(): string {
    ws();
    const c = peek();
    if (c === "(") {
      i++;
      const a = sum();
      ws();
      if (peek() === "/") {
        i++;
        const b = sum();
        ws();
        i++;
        return `\\frac{${a}}{${b}}`;
      }
      i++;
      return `\\left(${a}\\right)`;
    }
    if (c === "[") {
      i++;
      const rows: string[][] = [[sum()]];
      for (;;) {
        ws();
        const d = s[i++];
        if (d === ",") rows[rows.length - 1].push(sum());
        else if (d === ";") rows.push([sum()]);
        else break;
      }
      return `\\begin{bmatrix} ${rows.map((r) => r.join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
    }
    if (c === "⟨") {
      i++;
      const a = sum();
      ws();
      i++;
      const b = sum();
      ws();
      i++;
      return `\\left\\langle ${a}, ${b} \\right\\rangle`;
    }
    if (c === "‖") {
      i++;
      const a = sum();
      i++;
      return `\\left\\|${a}\\right\\|`;
    }
    if (c === "√") {
      i++;
      return `\\sqrt{${postfixless()}}`;
    }
    if (c === "∂") return derivative();
    if (c === "∑") {
      i++;
      let idx = "";
      while (peek() !== undefined && SUBSCRIPT[peek()] !== undefined) idx += SUBSCRIPT[s[i++]];
      // several indices print as ∑_(i,j)
      if (!idx && s[i] === "_" && s[i + 1] === "(") {
        const end = s.indexOf(")", i);
        idx = s.slice(i + 2, end).join("");
        i = end + 1;
      }
      return `\\sum_{${idx}} ${product()}`;
    }
    if (c === "𝟏") {
      i++;
      return "\\mathbf{1}";
    }
    if (c === "𝟎") {
      i++;
      return "\\mathbf{0}";
    }
    if (c !== undefined && GREEK[c]) {
      i++;
      return subscripted(`\\${GREEK[c]}`);
    }
    if (c !== undefined && /[0-9]/.test(c)) {
      let n = "";
      while (peek() !== undefined && /[0-9.]/.test(peek())) n += s[i++];
      return n;
    }
    const w = name();
    if (!w) throw new Error(`unexpected ${JSON.stringify(c)} at ${i} in ${text}`);
    if (FUNCTIONS.has(w) || OPERATORS.has(w)) {
      const cmd = FUNCTIONS.has(w) ? `\\${w}` : `\\operatorname{${w}}`;
      ws();
      if (peek() === "(") {
        i++;
        const args = [sum()];
        while (peek() === ",") {
          i++;
          args.push(sum());
        }
        i++;
        return `${cmd}\\left(${args.join(", ")}\\right)`;
      }
      return cmd;
    }
    const accent = { "\u0302": "hat", "\u0303": "tilde", "\u0304": "bar", "\u0307": "dot", "\u20d7": "vec" }[
      peek() as string
    ];
    if (accent && w.length === 1) {
      i++;
      return subscripted(`\\${accent}{${w}}`);
    }
    // one letter is a symbol; a longer word is an (undefined) macro, as texgrad reads `\queryMatrix`
    // I is the identity, as a reader takes it (texgrad prints \mathbf{I} so)
    const base = w === "I" ? "\\mathbf{I}" : w.length === 1 ? w : `\\${w}`;
    if (w.length > 1 && /[0-9]/.test(w)) throw new Error(`unreadable word ${w}`);
    return subscripted(base);
  }
  function subscripted(base: string): string {
    if (peek() !== "_") return base;
    i++;
    if (peek() === "(") {
      i++;
      const x = sum();
      i++;
      return `${base}_{${x}}`;
    }
    let sub = "";
    while (peek() !== undefined && /[A-Za-z0-9′]/.test(peek())) sub += s[i++];
    return `${base}_{${sub}}`;
  }
  /** The unit after √: a name with its subscript, a number, or a parenthesised whole (no postfix). */
  function postfixless(): string {
    if (peek() === "(") {
      i++;
      const a = sum();
      i++;
      return a;
    }
    return primary();
  }
  function derivative(): string {
    i++; // ∂
    let order = "";
    while (peek() !== undefined && SUPER[peek()] !== undefined) order += SUPER[s[i++]];
    const of = peek() === "(" ? (i++, ((x) => (i++, `\\left(${x}\\right)`))(sum())) : postfix();
    if (peek() !== "/") throw new Error(`∂ without / in ${text}`);
    i++;
    const wrt: string[] = [];
    while (peek() === "∂") {
      i++;
      wrt.push(postfix());
    }
    return `\\frac{\\partial${order ? `^{${order}}` : ""} ${of}}{${wrt.map((w) => `\\partial ${w}`).join(" ")}}`;
  }

  const out = sum();
  ws();
  if (i < s.length) throw new Error(`left over ${JSON.stringify(s.slice(i).join(""))} in ${text}`);
  return out;
}
