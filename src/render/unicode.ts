// Formulas for a terminal: the LaTeX that texgrad prints (src/render/latex.ts, display.ts, jprint.ts, claims in the
// lecture's macros) as Unicode math — ∂L/∂Q = (1/√d_k) ∂L/∂S K, Aᵀ, A⁻¹, ⊙, ∑ᵢ, ⟨G, dX⟩, ‖x‖². Works on the LaTeX
// text, so every printer's output (and a lecture's own claim) reads the same way. Readings are kept: a fraction
// other than a derivative is parenthesised, a script that has no Unicode form is written `^(…)`/`_(…)`, and a
// command it does not know prints as its name (`\queryMatrix` → queryMatrix). test/render/unicode.test.ts reads
// the output back into LaTeX and checks the tree is the same.

const SYMBOLS: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  vartheta: "ϑ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  varpi: "ϖ",
  rho: "ρ",
  varrho: "ϱ",
  sigma: "σ",
  varsigma: "ς",
  tau: "τ",
  upsilon: "υ",
  phi: "ϕ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Upsilon: "Υ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
  ell: "ℓ",
  nabla: "∇",
  partial: "∂",
  infty: "∞",
  ast: "∗",
  star: "⋆",
  odot: "⊙",
  otimes: "⊗",
  oslash: "⊘",
  circ: "∘",
  cdot: "·",
  times: "×",
  div: "÷",
  pm: "±",
  mp: "∓",
  leq: "≤",
  le: "≤",
  geq: "≥",
  ge: "≥",
  neq: "≠",
  ne: "≠",
  approx: "≈",
  propto: "∝",
  sim: "∼",
  equiv: "≡",
  in: "∈",
  to: "→",
  mapsto: "↦",
  forall: "∀",
  mid: "|",
  prime: "′",
  dagger: "†",
  top: "ᵀ",
  langle: "⟨",
  rangle: "⟩",
  ldots: "…",
  dots: "…",
  cdots: "⋯",
  sum: "∑",
  prod: "∏",
  "|": "‖",
};
/** Commands that print as their name (log-like functions): `\exp` → exp. */
const NAMED = new Set([
  "exp",
  "log",
  "ln",
  "sin",
  "cos",
  "tan",
  "cot",
  "sec",
  "csc",
  "sinh",
  "cosh",
  "tanh",
  "coth",
  "arcsin",
  "arccos",
  "arctan",
  "det",
  "max",
  "min",
  "arg",
  "sup",
  "inf",
  "lim",
  "tr",
  "diag",
]);
/** Accents as combining marks on one letter: X̂, x̃, ȳ (on a longer name: X_hat, as texgrad names it). */
const ACCENTS: Record<string, string> = {
  hat: "\u0302",
  widehat: "\u0302",
  tilde: "\u0303",
  widetilde: "\u0303",
  bar: "\u0304",
  overline: "\u0304",
  dot: "\u0307",
  vec: "\u20d7",
};
/** Spacing and decoration that prints as nothing (or one space). */
const SPACES = new Set([
  ",",
  ";",
  ":",
  "!",
  " ",
  "quad",
  "qquad",
  "left",
  "right",
  "big",
  "Big",
  "bigg",
  "Bigg",
  "bigl",
  "bigr",
  "Bigl",
  "Bigr",
]);
const FONTS = new Set([
  "mathbf",
  "boldsymbol",
  "bm",
  "mathrm",
  "mathit",
  "mathsf",
  "mathcal",
  "operatorname",
  "text",
  "textrm",
  "mathbb",
]);

const SUP: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "-": "⁻",
  "−": "⁻",
  "+": "⁺",
  "(": "⁽",
  ")": "⁾",
  "=": "⁼",
  n: "ⁿ",
  i: "ⁱ",
  ᵀ: "ᵀ",
  T: "ᵀ",
  "∘": "∘",
  "†": "†",
  "∗": "*",
  "′": "′",
  k: "ᵏ",
};
const SUB: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "-": "₋",
  "−": "₋",
  "+": "₊",
  "=": "₌",
  i: "ᵢ",
  j: "ⱼ",
  k: "ₖ",
  l: "ₗ",
  m: "ₘ",
  n: "ₙ",
  t: "ₜ",
  h: "ₕ",
  p: "ₚ",
  s: "ₛ",
  r: "ᵣ",
  ℓ: "ₗ",
};

type Tok =
  | { t: "cmd"; v: string }
  | { t: "ch"; v: string }
  | { t: "open" }
  | { t: "close" }
  | { t: "sup" }
  | { t: "sub" }
  | { t: "amp" }
  | { t: "row" };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      if (s[i + 1] === "\\") {
        out.push({ t: "row" });
        i++;
        continue;
      }
      const m = /^[A-Za-z]+/.exec(s.slice(i + 1));
      if (m) {
        out.push({ t: "cmd", v: m[0] });
        i += m[0].length;
        continue;
      }
      out.push({ t: "cmd", v: s[i + 1] ?? "" });
      i++;
      continue;
    }
    if (c === "{") out.push({ t: "open" });
    else if (c === "}") out.push({ t: "close" });
    else if (c === "^") out.push({ t: "sup" });
    else if (c === "_") out.push({ t: "sub" });
    else if (c === "&") out.push({ t: "amp" });
    else out.push({ t: "ch", v: c });
  }
  return out;
}

/** A printed piece: its text, and whether it reads as one unit (needs no parentheses under a script or √). */
interface Piece {
  s: string;
  atom: boolean;
}

class Printer {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  done(): boolean {
    return this.i >= this.toks.length;
  }
  skip(): void {
    this.i++;
  }

  /** Everything up to a closing brace (or the end), as one string. */
  seq(stopAtRow = false): string {
    let out = "";
    while (this.i < this.toks.length) {
      const t = this.toks[this.i];
      if (t.t === "close" || (stopAtRow && (t.t === "row" || t.t === "amp"))) break;
      if (t.t === "cmd" && t.v === "end") break;
      out += this.item();
    }
    return out;
  }

  /** `{…}` or a single token, as a piece. */
  arg(): Piece {
    const t = this.toks[this.i];
    if (!t) return { s: "", atom: true };
    if (t.t === "open") {
      this.i++;
      const s = this.seq();
      this.i++; // the closing brace
      return { s, atom: isAtom(s) };
    }
    const s = this.item();
    return { s, atom: isAtom(s) };
  }

  item(): string {
    const t = this.toks[this.i++];
    switch (t.t) {
      case "ch":
        return this.scripts(t.v === "-" ? "−" : t.v === "*" ? "∗" : t.v);
      case "open": {
        const s = this.seq();
        this.i++;
        return this.scripts(s);
      }
      case "close":
        return "";
      case "sup":
      case "sub":
        this.i--;
        return this.scripts("");
      case "amp":
        return ", ";
      case "row":
        return "; ";
      case "cmd":
        return this.command(t.v);
    }
  }

  command(name: string): string {
    if (SPACES.has(name))
      return name === "quad" || name === "qquad" ? "  " : name === "," || name === ";" || name === " " ? " " : "";
    if (name === "frac") return this.scripts(this.frac());
    if (name === "sqrt") {
      const root = this.optional();
      const a = this.arg();
      return this.scripts(`${root ? (SUPS(root) ?? `(${root})`) : ""}√${a.atom ? a.s : `(${a.s})`}`);
    }
    if (name === "begin") {
      const env = this.arg().s;
      const rows: string[][] = [[]];
      while (this.i < this.toks.length) {
        const t = this.toks[this.i];
        if (t.t === "cmd" && t.v === "end") {
          this.i++;
          this.arg();
          break;
        }
        if (t.t === "amp") {
          this.i++;
          rows[rows.length - 1].push("");
          continue;
        }
        if (t.t === "row") {
          this.i++;
          rows.push([]);
          continue;
        }
        const cell = this.seq(true).trim();
        const r = rows[rows.length - 1];
        if (r.length && r[r.length - 1] === "") r[r.length - 1] = cell;
        else r.push(cell);
      }
      const body = rows
        .filter((r) => r.length)
        .map((r) => r.join(", "))
        .join("; ");
      return this.scripts(env === "cases" ? `{${body}}` : `[${body}]`);
    }
    if (name === "mathbb") {
      const a = this.arg().s;
      return this.scripts(a === "R" ? "ℝ" : a === "1" ? "𝟙" : a);
    }
    if (name === "mathbf" || name === "boldsymbol" || name === "bm") {
      const a = this.arg().s;
      return this.scripts(a === "1" ? "𝟏" : a === "0" ? "𝟎" : a);
    }
    if (FONTS.has(name)) return this.scripts(this.arg().s);
    if (ACCENTS[name]) {
      const a = this.arg().s;
      return this.scripts(a.length === 1 ? a + ACCENTS[name] : `${a}_${name}`);
    }
    if (name === "{" || name === "}") return name;
    if (SYMBOLS[name] !== undefined) {
      if (name === "sum" || name === "prod") return this.bigOperator(SYMBOLS[name]);
      return this.scripts(SYMBOLS[name]);
    }
    if (NAMED.has(name)) return this.scripts(name);
    return this.scripts(name);
  }

  /** `[n]` after \sqrt. */
  optional(): string | null {
    const t = this.toks[this.i];
    if (!t || t.t !== "ch" || t.v !== "[") return null;
    this.i++;
    let s = "";
    while (
      this.i < this.toks.length &&
      !(this.toks[this.i].t === "ch" && (this.toks[this.i] as { v: string }).v === "]")
    )
      s += this.item();
    this.i++;
    return s;
  }

  /** ∂L/∂X for derivatives, (a/b) otherwise. */
  frac(): string {
    const num = this.arg(),
      den = this.arg();
    const d = /^(∂|d)(?:(\^\(\d+\)|[²³⁴⁵⁶⁷⁸⁹]))?\s*(.*)$/su.exec(num.s);
    const denD = /^(∂|d)\s*\S/u.test(den.s);
    if (d && denD && (d[1] === "∂" || /^d\s*\S/.test(den.s))) {
      const of = d[3].trim();
      const wrt = den.s.replace(/(∂|d)\s+/gu, "$1").trim();
      return `${d[1]}${d[2] ?? ""}${isAtom(of) ? of : `(${of})`}/${/\s/.test(wrt) && !/^(∂|d)\S+(\s(∂|d)\S+)*$/u.test(wrt) ? `(${wrt})` : wrt.replace(/\s+/g, "")}`;
    }
    const n = num.atom ? num.s : `(${num.s})`,
      q = den.atom ? den.s : `(${den.s})`;
    return `(${n}/${q})`;
  }

  bigOperator(sym: string): string {
    let sub = "",
      sup = "";
    for (;;) {
      const t = this.toks[this.i];
      if (t?.t === "sub") {
        this.i++;
        sub = this.arg().s;
        continue;
      }
      if (t?.t === "sup") {
        this.i++;
        sup = this.arg().s;
        continue;
      }
      break;
    }
    const lo = sub ? (SUBS(sub) ?? `_(${sub})`) : "";
    const hi = sup ? (SUPS(sup) ?? `^(${sup})`) : "";
    return `${sym}${lo}${hi}`;
  }

  /** Scripts after a base: ᵀ ⁻¹ ² where Unicode has them, `_q` on names (W_q, d_k), `[i,j]` for slices. */
  scripts(base: string): string {
    let out = base;
    for (;;) {
      const t = this.toks[this.i];
      if (t?.t !== "sup" && t?.t !== "sub") return out;
      this.i++;
      const a = this.arg();
      if (t.t === "sup") {
        const s = a.s.replace(/\s+/g, "");
        const sup = SUPS(s);
        out = `${wrapBase(out)}${sup ?? `^${a.atom && !/^[−-]/.test(s) ? s : `(${a.s})`}`}`;
      } else {
        const s = a.s.trim();
        if (/,/.test(s)) out = `${wrapBase(out)}[${s.replace(/\s*,\s*/g, ",")}]`;
        else {
          const name = s.replace(/\s+/g, ""); // W_{q 1} is W_q1: spaces in a subscript name nothing
          out = `${out}_${/^[\p{L}\p{N}\p{M}′]+$/u.test(name) ? name : `(${s})`}`;
        }
      }
    }
  }
}

/** Unicode superscripts of `s` when every character has one (and it is not ambiguous), else null. */
function SUPS(s: string): string | null {
  if (s === "") return null;
  if (s === "−ᵀ" || s === "-ᵀ") return "⁻ᵀ";
  if (s === "∘2") return "∘²";
  const chars = [...s];
  return chars.every((c) => SUP[c] !== undefined) ? chars.map((c) => SUP[c]).join("") : null;
}
function SUBS(s: string): string | null {
  const chars = [...s.replace(/\s+/g, "")];
  return chars.length && chars.every((c) => SUB[c] !== undefined) ? chars.map((c) => SUB[c]).join("") : null;
}
/** A base that is not one unit gets parentheses before a script: (A B)ᵀ. */
const wrapBase = (s: string) => (isAtom(s) || /^[)\]|‖⟩}]$/u.test(s) ? s : `(${s})`);
/** One unit: a name, number, bracketed or delimited whole, or such a unit with scripts. */
function isAtom(s: string): boolean {
  const t = s.trim();
  if (/^√?[\p{L}\p{N}\p{M}_.′∂∇𝟏𝟎𝟙ℝ∞]+[ᵀ⁻¹²³⁰⁴⁵⁶⁷⁸⁹ⁿⁱᵏ†*′]*$/u.test(t)) return true;
  const call = /^[\p{L}]+(?=\()/u.exec(t); // softmax(S), rvec(A)
  if (call && enclosed(t.slice(call[0].length), "(", ")")) return true;
  return (
    enclosed(t, "(", ")") ||
    enclosed(t, "[", "]") ||
    enclosed(t, "⟨", "⟩") ||
    (t.startsWith("‖") && t.lastIndexOf("‖") > 0 && /^‖[^‖]*‖[_\p{L}\p{N}²ᵀ]*$/u.test(t))
  );
}
function enclosed(t: string, open: string, close: string): boolean {
  if (!t.startsWith(open)) return false;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === open) depth++;
    else if (t[i] === close && --depth === 0)
      return /^[ᵀ⁻¹²³ⁿ†]*$/u.test(t.slice(i + 1)) || /^\[[^\]]*\]$/.test(t.slice(i + 1));
  }
  return false;
}

/** LaTeX (as texgrad prints it) → Unicode math for a terminal. */
export function toUnicode(latex: string): string {
  const p = new Printer(lex(latex));
  let out = "";
  // a stray closing brace (unbalanced input) is skipped, never looped on
  while (true) {
    out += p.seq();
    if (!p.done()) {
      p.skip();
      continue;
    }
    break;
  }
  return out
    .replace(/ {2,}/g, (m) => (m.length >= 2 ? "  " : " "))
    .replace(/([(⟨]) /gu, "$1")
    .replace(/ ([)⟩])/gu, "$1")
    .trim();
}
