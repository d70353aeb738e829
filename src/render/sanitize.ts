// What the renderers may write into LaTeX (--latex) and lamd (--lamd): an allow-list of control sequences.
// A formula keeps a control word only if it is standard math (STANDARD_MATH: names both KaTeX and LaTeX with
// amsmath/amssymb/bm define, minus everything that defines, expands, reads, writes, groups or boxes), or one of
// the document's own macros whose body was checked to use only allowed words and whose name LaTeX (or lamd's
// preprocessor) does not already define. A colliding symbol macro is written as its checked body in braces;
// anything else (`\openout`, `\input`, `\catcode`, `\csname`, `\def` …) is printed as text: \texttt{\textbackslash{}openout}.
// Characters that act in TeX (`#`, `%`, `$`, a `^^` pair, unbalanced braces) are escaped; control and bidi
// characters are dropped.
import type { MacroTable } from "../macro/index.js";
import { macrosFor, standIn, type TexMacro } from "./macros.js";
import { TEX_NAMES } from "./texnames.js";

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Standard math commands a formula may use by name (reviewed: none defines, expands, reads or writes). */
export const STANDARD_MATH: ReadonlySet<string> = words(`
And Bbbk Big Bigg Biggl Biggm Biggr Bigl Bigm Bigr Box Bumpeq Cap Cup Delta Diamond Doteq Downarrow Finv Game
Gamma Im Join Lambda Leftarrow Leftrightarrow Lleftarrow Longleftarrow Longleftrightarrow Longrightarrow Lsh Omega
Phi Pi Pr Psi Re Rightarrow Rrightarrow Rsh Sigma Subset Supset Theta Uparrow Updownarrow Upsilon Vdash Vert Vvdash
Xi aleph alpha amalg angle approx approxeq arccos arcsin arctan arg ast asymp backepsilon backprime backsim
backsimeq backslash bar barwedge because beta beth between bf big bigcap bigcirc bigcup bigg biggl biggm biggr bigl
bigm bigodot bigoplus bigotimes bigr bigsqcup bigstar bigtriangledown bigtriangleup biguplus bigvee bigwedge binom
blacklozenge blacksquare blacktriangle blacktriangledown blacktriangleleft blacktriangleright bm bmod bold
boldsymbol bot bowtie boxdot boxed boxminus boxplus boxtimes breve bullet bumpeq cal cap cdot cdotp cdots centerdot
cfrac check checkmark chi circ circeq circlearrowleft circlearrowright circledR circledS circledast circledcirc
circleddash clubsuit colon complement cong coprod cos cosh cot coth csc cup curlyeqprec curlyeqsucc curlyvee
curlywedge curvearrowleft curvearrowright dag dagger daleth dashleftarrow dashrightarrow dashv dbinom ddag ddagger
ddddot dddot ddot ddots deg delta det dfrac diagdown diagup diamond diamondsuit digamma dim displaystyle div
divideontimes dot doteq doteqdot dotplus dots dotsb dotsc dotsi dotsm dotso doublebarwedge doublecap doublecup
downarrow downdownarrows downharpoonleft downharpoonright ell emptyset epsilon eqcirc eqsim eqslantgtr eqslantless
equiv eta eth exists exp fallingdotseq flat forall frac frak frown gamma gcd ge geq geqq geqslant gets gg ggg
gggtr gimel gnapprox gneq gneqq gnsim grave gtrapprox gtrdot gtreqless gtreqqless gtrless gtrsim gvertneqq hat hbar
heartsuit hom hookleftarrow hookrightarrow hphantom hslash iff iiint iint imath impliedby implies in inf infty
injlim int intercal intop iota it jmath kappa ker lVert lambda land langle lbrace lbrack lceil ldotp ldots le
leadsto left leftarrow leftarrowtail leftharpoondown leftharpoonup leftleftarrows leftrightarrow leftrightarrows
leftrightharpoons leftrightsquigarrow leftthreetimes leq leqq leqslant lessapprox lessdot lesseqgtr lesseqqgtr
lessgtr lesssim lfloor lg lgroup lhd lim liminf limits limsup ll llcorner lll llless lmoustache ln lnapprox lneq
lneqq lnot lnsim log longleftarrow longleftrightarrow longmapsto longrightarrow looparrowleft looparrowright lor
lozenge lrcorner ltimes lvert lvertneqq mapsto mathbb mathbf mathbin mathcal mathclose mathellipsis mathfrak
mathinner mathit mathnormal mathop mathopen mathord mathpunct mathrel mathring mathrm mathsf mathtt max
measuredangle medspace mho mid middle min mod models mp mu multimap nLeftarrow nLeftrightarrow nRightarrow nVDash
nVdash nabla natural ncong ne nearrow neg negmedspace negthickspace negthinspace neq nexists ngeq ngeqq ngeqslant
ngtr ni nleftarrow nleftrightarrow nleq nleqq nleqslant nless nmid nolimits not notin nparallel nprec npreceq
nrightarrow nshortmid nshortparallel nsim nsubseteq nsubseteqq nsucc nsucceq nsupseteq nsupseteqq ntriangleleft
ntrianglelefteq ntriangleright ntrianglerighteq nu nvDash nvdash nwarrow odot oint omega ominus operatorname
operatornamewithlimits oplus oslash otimes overbrace overleftarrow overleftrightarrow overline overrightarrow
overset owns parallel partial perp phantom phi pi pitchfork pm pmb pmod pod prec precapprox preccurlyeq preceq
precnapprox precneqq precnsim precsim prime prod projlim propto psi qquad quad rVert rangle rbrace rbrack rceil
rfloor rgroup rhd rho right rightarrow rightarrowtail rightharpoondown rightharpoonup rightleftarrows
rightleftharpoons rightrightarrows rightsquigarrow rightthreetimes risingdotseq rm rmoustache rtimes rvert
scriptscriptstyle scriptstyle searrow sec setminus sf sharp shortmid shortparallel sigma sim simeq sin sinh
smallfrown smallint smallsetminus smallsmile smash smile spadesuit sphericalangle sqcap sqcup sqrt sqsubset
sqsubseteq sqsupset sqsupseteq square stackrel star subset subseteq subseteqq subsetneq subsetneqq substack succ
succapprox succcurlyeq succeq succnapprox succneqq succnsim succsim sum sup supset supseteq supseteqq supsetneq
supsetneqq surd swarrow tan tanh tau tbinom text textbf textit textnormal textrm textsf textstyle texttt textup
tfrac therefore theta thickapprox thicksim thickspace thinspace tilde times to top triangle triangledown
triangleleft trianglelefteq triangleq triangleright trianglerighteq tt twoheadleftarrow twoheadrightarrow
ulcorner underbar underbrace underleftarrow underleftrightarrow underline underrightarrow underset unlhd unrhd
uparrow updownarrow upharpoonleft upharpoonright uplus upsilon upuparrows urcorner vDash varDelta varGamma
varLambda varOmega varPhi varPi varPsi varSigma varTheta varUpsilon varXi varepsilon varinjlim varkappa varliminf
varlimsup varnothing varphi varpi varprojlim varpropto varrho varsigma varsubsetneq varsubsetneqq varsupsetneq
varsupsetneqq vartheta vartriangle vartriangleleft vartriangleright vdash vdots vec vee veebar vert vphantom wedge
widehat widetilde wp wr xi xleftarrow xrightarrow zeta textbackslash textless textgreater textbar textasciitilde begin end`);

/** Environments \begin / \end may name inside a formula. */
const ENVIRONMENTS = words(
  "matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases aligned gathered split array",
);
/** Control symbols kept as written: spacing, `\\`, and escaped specials. */
const SYMBOLS = new Set([..."\\,;:!> {}|#%&_$"]);

/** Commands whose argument is text mode (where `_`, `^`, `<`, `>`, `|` are not math). */
const TEXT_COMMANDS = words("text textbf textit textrm textsf texttt textnormal textup");
const TEXT_SYMBOLS: Record<string, string> = {
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  "~": "\\textasciitilde{}",
};

/** lamd's preprocessor (gpp) commands: never a document macro's name in lamd output. */
const GPP = words(
  "define undef defeval ifdef ifndef ifeq ifneq if elif else endif include sinclude exec eval mode line file date",
);
/** pdfTeX primitives that lualatex (where TEX_NAMES comes from) does not define under the same name. */
const PDFTEX = words(
  "efcode knaccode knbccode knbscode lpcode rpcode shbscode stbscode tagcode quitvmode letterspacefont leftmarginkern rightmarginkern ifincsname vadjust inputencoding",
);
const TEX = words(TEX_NAMES);

/** Whether `\name` already means something to LaTeX, pdfTeX or lamd's preprocessor. */
export const collides = (name: string): boolean =>
  TEX.has(name) || GPP.has(name) || PDFTEX.has(name) || /^(pdf|if)/i.test(name);

/** Characters that must not reach any output: C0/C1 controls, bidi embeddings/overrides/isolates, zero-width, BOM, separators. */
export const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
/** Text with those characters dropped (tabs and newlines kept). */
export const dropControls = (s: string): string => s.replace(CONTROL, "");

/** Unicode that may appear in formulas, as math (pdflatex has no glyphs for it otherwise). */
const UNICODE_MATH: Record<string, string> = {
  "×": "\\times ",
  "∂": "\\partial ",
  ℝ: "\\mathbb{R}",
  ᵀ: "^\\top ",
  "→": "\\to ",
  "∞": "\\infty ",
  "·": "\\cdot ",
  "⟨": "\\langle ",
  "⟩": "\\rangle ",
  "√": "\\surd ",
  "≈": "\\approx ",
  "…": "\\ldots ",
  ε: "\\varepsilon ",
  σ: "\\sigma ",
  α: "\\alpha ",
  β: "\\beta ",
  λ: "\\lambda ",
  μ: "\\mu ",
  θ: "\\theta ",
  "∇": "\\nabla ",
  "⊙": "\\odot ",
  "⊗": "\\otimes ",
};

/** `\name` shown as text: a backslash and the letters, in typewriter type. */
export const shownCommand = (name: string): string => `\\texttt{\\textbackslash{}${name.replace(/[^A-Za-z@]/g, "?")}}`;

/** The document's vocabulary for one output: which of its macros keep their name, and bodies for the others. */
export interface Vocabulary {
  /** Document macros written by name (their definitions, checked). */
  readonly named: ReadonlyMap<string, TexMacro>;
  /** Zero-argument document macros whose name collides: written as their (sanitised) body. */
  readonly inline: ReadonlyMap<string, string>;
}

/** LaTeX bodies for names KaTeX defines and LaTeX does not (a lecture written for KaTeX uses them undefined). */
const KATEX_ONLY = new Map(
  Object.entries({
    R: "\\mathbb{R}",
    N: "\\mathbb{N}",
    Z: "\\mathbb{Z}",
    Q: "\\mathbb{Q}",
    C: "\\mathbb{C}",
    argmin: "\\operatorname*{arg\\,min}",
    argmax: "\\operatorname*{arg\\,max}",
  }),
);

/** Most characters a macro's full expansion may have (a doubling chain is refused long before TeX runs it). */
const MAX_EXPANSION = 4000;

/**
 * The vocabulary of `formulas`: every command that is not standard math gets a definition from `table`, checked
 * (allowed words only, acyclic, bounded expansion), else a stand-in from its name.
 */
export function vocabulary(formulas: Iterable<string>, table: MacroTable): Vocabulary {
  const defs = new Map(
    macrosFor(formulas, table, (n) => STANDARD_MATH.has(n)).map((m) => [
      m.name,
      !table.get(m.name) && KATEX_ONLY.has(m.name) ? { ...m, body: KATEX_ONLY.get(m.name)! } : m,
    ]),
  );
  const size = new Map<string, number>(); // checked expansion size; Infinity = refused
  const visiting = new Set<string>();
  const check = (name: string): number => {
    const known = size.get(name);
    if (known !== undefined) return known;
    const m = defs.get(name)!;
    if (visiting.has(name)) return Infinity; // a cycle
    visiting.add(name);
    let total = bodyProblem(m) ? Infinity : m.body.length;
    for (const [, w] of m.body.matchAll(/\\([A-Za-z]+)/g)) {
      if (total > MAX_EXPANSION) break;
      if (STANDARD_MATH.has(w)) continue;
      // a LaTeX command the document does not define itself: the body means LaTeX's (\immediate, \write …)
      if (collides(w) && !table.get(w)) {
        total = Infinity;
        break;
      }
      total += defs.has(w) ? check(w) : Infinity;
    }
    visiting.delete(name);
    if (total > MAX_EXPANSION) total = Infinity;
    size.set(name, total);
    return total;
  };
  const named = new Map<string, TexMacro>(),
    inline = new Map<string, string>();
  const safeDefs = new Map<string, TexMacro>();
  for (const [name, m] of defs) {
    const ok = check(name) !== Infinity;
    safeDefs.set(name, ok ? m : { name, nparams: 0, body: standIn(name) });
  }
  const vocab: Vocabulary = { named, inline };
  for (const [name, m] of safeDefs) if (!collides(name)) named.set(name, m);
  // colliding zero-argument macros: their bodies, themselves sanitised (acyclic, so this terminates)
  const inlineOf = (name: string, depth: number): void => {
    const m = safeDefs.get(name)!;
    if (inline.has(name) || m.nparams || depth > 50) return;
    for (const [, w] of m.body.matchAll(/\\([A-Za-z]+)/g)) if (safeDefs.has(w) && collides(w)) inlineOf(w, depth + 1);
    inline.set(name, `{${safeMath(m.body, vocab)}}`);
  };
  for (const name of safeDefs.keys()) if (collides(name)) inlineOf(name, 0);
  return vocab;
}

/** Why a macro body cannot be emitted as written (null: it can): the characters and sequences TeX acts on. */
function bodyProblem(m: TexMacro): string | null {
  const b = m.body;
  if (/[^\x20-\x7e]/.test(b)) return "non-ASCII or control characters";
  if (/[%$]|\^\^|@/.test(b)) return "a TeX special character";
  for (const [, k] of b.matchAll(/#(.?)/g)) if (!/[1-9]/.test(k) || Number(k) > m.nparams) return "a stray #";
  let depth = 0;
  for (const c of b)
    if (c === "{") depth++;
    else if (c === "}" && --depth < 0) return "unbalanced braces";
  if (depth) return "unbalanced braces";
  for (const [, sym] of b.matchAll(/\\([^A-Za-z])/g)) if (!SYMBOLS.has(sym)) return `\\${sym}`;
  for (const [, w, env] of b.matchAll(/\\([A-Za-z]+)(?:\s*\{([^{}]*)\})?/g)) {
    if ((w === "begin" || w === "end") && !ENVIRONMENTS.has(env ?? "")) return `\\${w}`;
  }
  return null;
}

/**
 * A formula as LaTeX that can only typeset: allowed control words as written, colliding symbol macros as their
 * bodies, everything else as text; `#` `%` `$` escaped, `^^` split, braces balanced, controls dropped.
 */
export function safeMath(latex: string, v: Vocabulary, params = 0): string {
  let out = "",
    pendingText = false;
  const groups: boolean[] = []; // open braces: true for a text-mode argument (\text{…})
  const inText = () => groups.length > 0 && groups[groups.length - 1];
  const s = dropControls(latex);
  for (let i = 0; i < s.length; ) {
    if (s[i] === "\\") {
      let j = i + 1;
      while (j < s.length && /[A-Za-z]/.test(s[j])) j++;
      const name = s.slice(i + 1, j);
      pendingText = false;
      if (name) {
        i = j;
        if (name === "begin" || name === "end") {
          const env = /^\s*\{([A-Za-z*]*)\}/.exec(s.slice(i, i + 40));
          if (env && ENVIRONMENTS.has(env[1])) {
            out += `\\${name}{${env[1]}}`;
            i += env[0].length;
          } else out += shownCommand(name);
        } else if (STANDARD_MATH.has(name) || v.named.has(name)) {
          out += `\\${name}`;
          pendingText = TEXT_COMMANDS.has(name);
        } else out += v.inline.get(name) ?? shownCommand(name);
        continue;
      }
      const sym = s[i + 1];
      if (sym !== undefined && SYMBOLS.has(sym)) {
        out += `\\${sym}`;
        i += 2;
      } else {
        out += inText() ? "\\textbackslash{}" : "\\backslash ";
        i += 1;
      }
      continue;
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    i += ch.length;
    if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r") {
      out += " ";
      continue;
    }
    const text = inText();
    if (ch === "{") {
      groups.push(pendingText || text);
      out += ch;
    } else if (ch === "}") out += groups.length ? (groups.pop(), ch) : "\\}";
    else if (ch === "#" && params && /^[1-9]$/.test(s[i] ?? "") && Number(s[i]) <= params) {
      out += `#${s[i]}`;
      i++;
    } else if (ch === "#" || ch === "%" || ch === "$" || (text && (ch === "_" || ch === "&"))) out += `\\${ch}`;
    else if (ch === "^") out += text ? "\\^{}" : out.endsWith("^") ? "{}{}^" : "^";
    else if (text && TEXT_SYMBOLS[ch]) out += TEXT_SYMBOLS[ch];
    else if (ch.codePointAt(0)! > 0x7e) out += (text ? undefined : UNICODE_MATH[ch]) ?? "?";
    else out += ch;
    pendingText = false;
  }
  return out + "}".repeat(groups.length);
}

/** A `\DeclareRobustCommand` line for a document macro kept by name (it defines the name even if taken). */
export function definition(m: TexMacro, v: Vocabulary): string {
  return `\\DeclareRobustCommand{\\${m.name}}${m.nparams ? `[${m.nparams}]` : ""}{${safeMath(m.body, v, m.nparams)}}`;
}
