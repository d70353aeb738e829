// `texgrad check`: every derivative claim of a document gets a verdict (see ./claim.ts).
import { loadDocument, type Document, type LoadOptions, type StmtRecord } from "../parse/document.js";
import { checkClaim } from "./claim.js";
import { RecentCache, type Cache } from "./setup.js";
import { Templates, templateOf } from "./template.js";
import type { ClaimResult, Verdict } from "./types.js";
import { notClaims, type NotClaim } from "./not-claims.js";
import { recursionClaims } from "./gradnames.js";
import { isFamily, isFamilyClaim, writeOut, familyVerdict, DEPTHS } from "./layers.js";

export * from "./types.js";
export { notClaims, notClaimJson, type NotClaim } from "./not-claims.js";
export { checkClaim } from "./claim.js";

export interface CheckOptions {
  /** Reuse the result of a claim for later claims that are the same problem up to renaming (./template.ts);
   *  on by default, off only to compare (the results are the same). */
  readonly templates?: boolean;
  /** The most claims checked one by one (a claim that shares a template with one checked before is not counted). */
  readonly maxChecked?: number;
}

/**
 * The most claims of one document checked one by one, at about a millisecond each (bounded work): no lecture
 * comes near it, and a generated document of 100,000 different claims ends in seconds with the rest "not checked".
 */
export const MAX_CHECKED = 2_000;

/** Verdicts for the claims of a loaded document, in source order. */
export function checkDocument(doc: Document, opts: CheckOptions = {}): ClaimResult[] {
  const cache: Cache = new RecentCache();
  const templates = opts.templates === false ? null : new Templates();
  const out: ClaimResult[] = [];
  const most = opts.maxChecked ?? MAX_CHECKED;
  let checked = 0;
  const notChecked = (r: StmtRecord): ClaimResult => ({
    loc: r.loc,
    claim: r.latex,
    verdict: "unverifiable",
    reason: `not checked: the document has more than ${most} different claims, and texgrad checks at most ${most} in one document (bounded work)`,
    derived: null,
    diagnoses: [],
    notes: [],
  });
  // g = ∂L/∂z followed by g = expr: the second is a claim (./gradnames.ts)
  const view = recursionClaims(doc);
  // a claim about a generic layer ℓ is checked on the family written out at several depths (./layers.ts)
  const family = isFamily(view) ? DEPTHS.map((n) => ({ ...writeOut(view, n), cache: new Map() as Cache })) : [];
  view.statements.forEach((r, i) => {
    if (r.statement.kind !== "claim") return;
    if (!family.length || !isFamilyClaim(view, r.statement)) {
      const t = templates && templateOf(view, i);
      const reused = t && templates.reuse(t, r.loc, r.latex);
      if (reused) {
        out.push(reused);
        return;
      }
      if (++checked > most) {
        out.push(notChecked(r));
        return;
      }
      const res = checkClaim(view, i, cache);
      if (t) templates.keep(t, res);
      out.push(res);
      return;
    }
    if (++checked > most) {
      out.push(notChecked(r));
      return;
    }
    const results = family.flatMap((w) =>
      (w.instances.get(i) ?? []).map((inst) => ({ inst, res: checkClaim(w.doc, inst.index, w.cache) })),
    );
    out.push(familyVerdict(view, r, results));
  });
  return out;
}

export interface FileCheck {
  readonly file: string;
  readonly doc?: Document;
  readonly claims: ClaimResult[];
  readonly error?: string;
  /** Formulas with a derivative that claim no value for it, with the reason (./not-claims.ts). */
  readonly notClaims?: NotClaim[];
}

/** Load and check one file; a file that cannot be read is an input error, never an exception. */
export function checkFile(file: string, opts: LoadOptions = {}): FileCheck {
  let doc: Document;
  try {
    doc = loadDocument(file, opts);
  } catch (e) {
    return { file, claims: [], error: e instanceof Error ? e.message : String(e) };
  }
  const unreadable = doc.errors.find((e) => e.unlocated);
  if (unreadable) return { file: doc.file, claims: [], error: unreadable.message };
  return { file, doc, claims: checkDocument(doc), notClaims: notClaims(doc) };
}

export function countVerdicts(results: readonly ClaimResult[]): Record<Verdict, number> {
  const c: Record<Verdict, number> = { correct: 0, incorrect: 0, unverifiable: 0 };
  for (const r of results) c[r.verdict]++;
  return c;
}
