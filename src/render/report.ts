// What a rendered document shows, independent of the output format: the statements with their shapes,
// the derivation (forward definitions, every rule application grouped by definition and phase, the
// gradients), the check verdicts, and the emitted kernels when a code generator is available.
import { basename, isAbsolute, relative } from "node:path";
import type { Document } from "../parse/document.js";
import { showShape } from "../parse/document.js";
import { derive, type Derivation } from "../derive/reverse.js";
import { Graph } from "../derive/graph.js";
import { printExpr } from "./latex.js";
import { printDisplay } from "./display.js";
import { viewAt } from "../check/view.js";
import { checkDocument, type ClaimResult } from "../check/index.js";
import type { Loc } from "../macro/lexer.js";
import {
  jacobianSections,
  hessianSections,
  sectionFormulas,
  type JacobianSection,
  type HessianSection,
} from "./jacobians.js";

export interface StatementRow {
  readonly loc: Loc;
  readonly kind: string;
  readonly latex: string;
  readonly shape: string | null;
  readonly shapeError?: string;
}
export interface StepRow {
  readonly rule: string;
  readonly before: string;
  readonly after: string;
}
export interface StepGroup {
  readonly definition: string;
  readonly phase: string;
  readonly steps: StepRow[];
}
export interface GradientRow {
  readonly name: string;
  readonly latex: string;
  readonly input: boolean;
}
export interface Kernel {
  readonly target: string;
  readonly code: string;
}

export interface Report {
  readonly file: string;
  readonly statements: StatementRow[];
  readonly errors: { loc: Loc; message: string }[];
  /** Null when the document has nothing to differentiate; `deriveError` says why. */
  readonly derivation: {
    readonly output: string;
    readonly loss: string;
    readonly upstream: string | null;
    readonly forward: { lhs: string; rhs: string }[];
    readonly steps: StepGroup[];
    readonly gradients: GradientRow[];
  } | null;
  readonly deriveError?: string;
  readonly claims: ClaimResult[];
  /** Null when no code generator is present (src/codegen is optional here). */
  readonly kernels: Kernel[] | null;
  /** Jacobians and Hessians asked for (`render --jacobian X`, `--hessian x`). */
  readonly jacobians: JacobianSection[];
  readonly hessians: HessianSection[];
  /** Every formula the report shows (for macro definitions). */
  readonly formulas: string[];
}

/** The derivation of a whole document: all definitions (the last of each name), folded, output the last sink. */
export function documentDerivation(doc: Document): Derivation {
  const view = viewAt(doc, doc.statements.length).doc;
  const g = Graph.of(view);
  const defs = [...g.defs.values()];
  const used = new Set(defs.flatMap((d) => Graph.uses(d.rhs).map((s) => s.name)));
  const out = defs.filter((d) => !used.has(d.lhs.name)).pop();
  return derive(view, out ? { of: out.lhs.name } : {});
}

/**
 * A file name as a report shows it: as given when relative; an absolute one relative to the current folder when it
 * lies inside it, else its base name — a report never shows where it was made (/home/…, /tmp/…).
 */
export function shownFile(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : basename(file);
}

type Emit = (d: Derivation, target: string) => string;

/** The code generator's emit function, if src/codegen/emit exists (another module; optional here). */
async function loadEmit(): Promise<{ emit: Emit; targets: readonly string[] } | null> {
  try {
    const spec: string = "../codegen/emit.js"; // not a literal: the module may not exist
    const m = (await import(spec)) as Record<string, unknown>;
    const emit = (m.emitKernel ?? m.emit) as Emit | undefined;
    if (typeof emit !== "function") return null;
    const targets = Array.isArray(m.TARGETS) ? (m.TARGETS as string[]) : ["js", "numpy", "torch", "c"];
    return { emit, targets };
  } catch {
    return null;
  }
}

export async function buildReport(
  doc: Document,
  opts: { kernels?: boolean; jacobian?: readonly string[]; hessian?: readonly string[] } = {},
): Promise<Report> {
  const statements = doc.statements.map((r) => ({
    loc: { ...r.loc, file: shownFile(r.loc.file) },
    kind: r.statement.kind,
    latex: r.latex,
    shape: showShape(doc, r.shape),
    ...(r.shapeError ? { shapeError: r.shapeError } : {}),
  }));
  let derivation: Report["derivation"] = null,
    deriveError: string | undefined,
    d: Derivation | null = null;
  // definitions whose shapes do not agree have no derivation (the rules would ask shape questions without answers)
  const misshapen = doc.errors.find((e) => e.message.startsWith("shape error:"));
  try {
    if (misshapen) throw new Error(`not derived: line ${misshapen.loc.line} has a ${misshapen.message}`);
    d = documentDerivation(doc);
    const groups: StepGroup[] = [];
    for (const s of d.steps) {
      let g = groups[groups.length - 1];
      if (!g || g.definition !== s.definition || g.phase !== s.phase)
        groups.push((g = { definition: s.definition, phase: s.phase, steps: [] }));
      g.steps.push({
        rule: s.step.rule,
        before: printDisplay(s.step.before, d.doc.env),
        after: printDisplay(s.step.after, d.doc.env),
      });
    }
    derivation = {
      output: d.output.latex,
      loss: printExpr(d.loss),
      upstream: d.upstream ? printExpr(d.upstream) : null,
      forward: d.forward.map((f) => ({ lhs: f.lhs.latex, rhs: printExpr(f.rhs) })),
      steps: groups,
      gradients: d.backward.map((b) => ({
        name: printExpr(b.name),
        latex: printDisplay(b.expr, d!.doc.env),
        input: b.input,
      })),
    };
  } catch (e) {
    deriveError = e instanceof Error ? e.message : String(e);
  }
  const claims = checkDocument(doc).map((c) => ({ ...c, loc: { ...c.loc, file: shownFile(c.loc.file) } }));
  let kernels: Kernel[] | null = null;
  if (d && opts.kernels !== false) {
    const gen = await loadEmit();
    if (gen) {
      kernels = [];
      for (const t of gen.targets) {
        try {
          kernels.push({ target: t, code: gen.emit(d, t) });
        } catch {
          /* target not available */
        }
      }
    }
  }
  const output = d?.output.name ?? "";
  const jacobians = d && opts.jacobian?.length ? jacobianSections(doc, output, opts.jacobian) : [];
  const hessians = d && opts.hessian?.length ? hessianSections(doc, output, opts.hessian) : [];
  const formulas = [
    ...sectionFormulas(jacobians, hessians),
    ...statements.map((s) => s.latex),
    ...(derivation
      ? [
          derivation.loss,
          ...(derivation.upstream ? [derivation.upstream] : []),
          ...derivation.forward.flatMap((f) => [f.lhs, f.rhs]),
          ...derivation.steps.flatMap((g) => [g.definition, ...g.steps.flatMap((s) => [s.before, s.after])]),
          ...derivation.gradients.flatMap((g) => [g.name, g.latex]),
        ]
      : []),
    ...claims.flatMap((c) => [c.claim, ...(c.derived ? [c.derived] : [])]),
  ];
  return {
    file: shownFile(doc.file),
    statements,
    errors: doc.errors.map((e) => ({ loc: { ...e.loc, file: shownFile(e.loc.file) }, message: e.message })),
    derivation,
    ...(deriveError ? { deriveError } : {}),
    claims,
    kernels,
    jacobians,
    hessians,
    formulas,
  };
}
