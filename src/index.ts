// The library: `import { parse, derive, check, jacobian, hessian, emit, render } from "texgrad"`. Each takes the
// math as text (a statement file or a lecture source; `name` decides which, as for files: `.md` is a lecture) or
// the result of `parse`, and returns plain data with LaTeX formulas (and Unicode ones for a terminal). Bad input
// throws a TexgradError that says where: `file:line:col: message`.
import "./ops/index.js";
import { loadDocument, showShape, type Document } from "./parse/document.js";
import { readBounded } from "./source/confine.js";
import { derive as deriveDoc } from "./derive/reverse.js";
import { checkDocument, toJson, type ClaimJson } from "./check/index.js";
import { jacobian as jacobianOf } from "./derive/jacobian.js";
import { hessian as hessianOf } from "./derive/hessian.js";
import { checkJacobian, checkHessian } from "./derive/jcheck.js";
import { emitKernel, isTarget, TARGETS, type Target } from "./codegen/emit.js";
import { buildProgram } from "./codegen/ir.js";
import { closedForms, type ExtraRequest } from "./codegen/extras.js";
import { emitJsTypes } from "./codegen/backends/dts.js";
import { derivationJson } from "./cli/derive.js";
import { jacobianJson, numericCheck } from "./cli/jacobian.js";
import { hessianJson } from "./cli/hessian.js";
import { toUnicode } from "./render/unicode.js";
import { Graph } from "./derive/graph.js";

export { toUnicode, TARGETS };
export type { Target, ClaimJson, Document };

/** Bad input, with its place: `message` is `file:line:col: …`. */
export class TexgradError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${col}: ${reason}`);
    this.name = "TexgradError";
  }
}

export interface ParseOptions {
  /** The name used in messages and to tell a lecture (`.md`, a LaTeX document) from a statement file. Default `input.tex`. */
  readonly name?: string;
  /** Macro files to load (`\newcommand`, lamd `\define`), as `--macros`. */
  readonly macroFiles?: readonly string[];
  /** Folder for `\include` (default: the current folder). */
  readonly root?: string;
}
export interface Statement {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly kind: string;
  readonly latex: string;
  readonly unicode: string;
  readonly shape: string | null;
}
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}
export interface Parsed {
  readonly file: string;
  readonly statements: readonly Statement[];
  readonly errors: readonly Problem[];
  /** The engine's document (for derive, check, …). */
  readonly document: Document;
}
export type Input = string | Parsed;

/** Parse math text: one statement a line (a statement file), or a lecture source when `name` says so or it has `$…$`. */
export function parse(text: string, opts: ParseOptions = {}): Parsed {
  const name = opts.name ?? "input.tex";
  const doc = loadDocument(name, {
    ...(opts.macroFiles ? { macroFiles: opts.macroFiles } : {}),
    root: opts.root ?? ".",
    readFile: (p) => (p === name ? text : ((r) => ("text" in r ? r.text : undefined))(readBounded(p))),
  });
  return parsed(doc);
}
/** Parse a file from disk (as the command line does). */
export function parseFile(path: string, opts: Omit<ParseOptions, "name"> = {}): Parsed {
  return parsed(
    loadDocument(path, {
      ...(opts.macroFiles ? { macroFiles: opts.macroFiles } : {}),
      ...(opts.root ? { root: opts.root } : {}),
    }),
  );
}
function parsed(doc: Document): Parsed {
  return {
    file: doc.file,
    statements: doc.statements.map((r) => ({
      file: r.loc.file,
      line: r.loc.line,
      col: r.loc.col,
      kind: r.statement.kind,
      latex: r.latex,
      unicode: toUnicode(r.latex),
      shape: showShape(doc, r.shape),
    })),
    errors: doc.errors.map((e) => ({ file: e.loc.file, line: e.loc.line, col: e.loc.col, message: e.message })),
    document: doc,
  };
}
/** The document of an input, refusing one with errors (the first one is thrown). */
function documentOf(input: Input): Document {
  const p = typeof input === "string" ? parse(input) : input;
  const e = p.errors[0];
  if (e) throw new TexgradError(e.file, e.line, e.col, e.message);
  return p.document;
}
function needDefinition(doc: Document, of: string | undefined): void {
  const graph = new Graph(doc);
  if (of === undefined ? graph.defs.size === 0 : !graph.find(of))
    throw new TexgradError(
      doc.file,
      1,
      1,
      of === undefined ? "no definition to differentiate" : `no definition of ${of}`,
    );
}

export interface DeriveOptions {
  readonly of?: string;
  readonly wrt?: readonly string[];
  readonly steps?: boolean;
}
export interface Gradient {
  readonly of: string;
  readonly input: boolean;
  readonly name: string;
  readonly latex: string;
  readonly unicode: string;
}
export interface Step {
  readonly definition: string;
  readonly phase: string;
  readonly rule: string;
  readonly before: string;
  readonly after: string;
}
export interface Derivation {
  readonly file: string;
  readonly output: string;
  readonly loss: string;
  readonly upstream: string | null;
  readonly inputs: readonly string[];
  /** Every gradient, intermediate ones (input: false) included, from the output back. */
  readonly gradients: readonly Gradient[];
  readonly notation: readonly string[];
  readonly steps?: readonly Step[];
}

/** Gradients of `of` (default: the last definition) with respect to `wrt` (default: every input). */
export function derive(input: Input, opts: DeriveOptions = {}): Derivation {
  const doc = documentOf(input);
  needDefinition(doc, opts.of);
  const d = deriveDoc(doc, { ...(opts.of ? { of: opts.of } : {}), ...(opts.wrt?.length ? { wrt: opts.wrt } : {}) });
  const j = derivationJson(d, Boolean(opts.steps));
  return {
    ...j,
    gradients: j.gradients.map((g) => ({ ...g, unicode: `${toUnicode(g.name)} = ${toUnicode(g.latex)}` })),
  };
}

export interface Claim extends ClaimJson {
  readonly unicode: string;
  readonly correctedUnicode: string | null;
}
/** Every derivative claim: correct, incorrect (reason = the diagnosis, derived = the corrected formula) or unverifiable. */
export function check(input: Input): { readonly claims: readonly Claim[] } {
  const doc = documentOf(input);
  return {
    claims: checkDocument(doc).map((r) => ({
      ...toJson(r),
      unicode: toUnicode(r.claim),
      correctedUnicode: r.derived ? toUnicode(r.derived) : null,
    })),
  };
}

export interface JacobianOptions {
  readonly of: string;
  readonly wrt: string;
  readonly steps?: boolean;
}
/** ∂ rvec(Y)/∂ rvec(X) in closed form, with its local factors, checked against central differences. */
export function jacobian(input: Input, opts: JacobianOptions): ReturnType<typeof jacobianJson> {
  const doc = documentOf(input);
  needDefinition(doc, opts.of);
  const j = jacobianOf(doc, { of: opts.of, wrt: opts.wrt });
  return jacobianJson(
    j,
    numericCheck(() => [1, 2, 3].map((s) => checkJacobian(j, s).relErr)),
    Boolean(opts.steps),
  );
}
/** The Hessian of a scalar (vector x), or its Hessian–vector product and rvec form (matrix X), checked numerically. */
export function hessian(input: Input, opts: JacobianOptions): ReturnType<typeof hessianJson> {
  const doc = documentOf(input);
  needDefinition(doc, opts.of);
  const h = hessianOf(doc, { of: opts.of, wrt: opts.wrt });
  return hessianJson(
    h,
    numericCheck(
      () =>
        [1, 2, 3].flatMap((s) => {
          const r = checkHessian(h, s);
          return [r.relErr, r.hvpRelErr];
        }),
      1e-4,
    ),
    Boolean(opts.steps),
  );
}

export interface EmitOptions {
  readonly target?: Target;
  readonly of?: string;
  readonly wrt?: readonly string[];
  /** Add jacobian_X(...) / hessian_X(...) in closed form. */
  readonly jacobian?: readonly string[];
  readonly hessian?: readonly string[];
  /** For the js target: TypeScript declarations of the module instead of the module. */
  readonly types?: boolean;
}
/** A kernel module (the DESIGN contract: INPUTS, OUTPUT, OUTPUT_SHAPE, forward, gradients). */
export function emit(input: Input, opts: EmitOptions = {}): string {
  const target = opts.target ?? "js";
  if (!isTarget(target))
    throw new TexgradError(
      "<options>",
      1,
      1,
      `unknown target ${JSON.stringify(target)} (expected ${TARGETS.join(", ")})`,
    );
  const doc = documentOf(input);
  needDefinition(doc, opts.of);
  const d = deriveDoc(doc, { ...(opts.of ? { of: opts.of } : {}), ...(opts.wrt?.length ? { wrt: opts.wrt } : {}) });
  const extras: ExtraRequest[] = [
    ...(opts.jacobian ?? []).map((wrt) => ({ kind: "jacobian" as const, wrt })),
    ...(opts.hessian ?? []).map((wrt) => ({ kind: "hessian" as const, wrt })),
  ];
  if (opts.types) {
    if (target !== "js") throw new TexgradError("<options>", 1, 1, "types: true needs the js target");
    return emitJsTypes(buildProgram(d, closedForms(d, extras)));
  }
  return emitKernel(d, target, extras);
}

export interface RenderOptions {
  readonly format?: "html" | "latex" | "lamd";
  readonly jacobian?: readonly string[];
  readonly hessian?: readonly string[];
}
/** The derivation, its steps, the check verdicts and the kernels as a document (self-contained HTML by default). */
export async function render(input: Input, opts: RenderOptions = {}): Promise<string> {
  const doc = documentOf(input);
  const [{ buildReport }, { renderHtml }, { renderLatex, renderLamd }] = await Promise.all([
    import("./render/report.js"),
    import("./render/html.js"),
    import("./render/document.js"),
  ]);
  const report = await buildReport(doc, { jacobian: opts.jacobian ?? [], hessian: opts.hessian ?? [] });
  const format = opts.format ?? "html";
  return format === "latex"
    ? renderLatex(report, doc.macros)
    : format === "lamd"
      ? renderLamd(report, doc.macros)
      : renderHtml(report, doc.macros);
}
