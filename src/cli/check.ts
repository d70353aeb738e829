// `texgrad check FILE… [--json]`: every derivative claim is correct, incorrect (diagnosis and corrected
// formula) or unverifiable (reason). Exit 0 all fine, 1 something incorrect, 2 an input error
// (a file that cannot be read, a segment that does not parse; the claims that could be read are still checked).
import { jsonText } from "../render/escape.js";
import {
  checkFile,
  countVerdicts,
  toJson,
  notClaimJson,
  type ClaimResult,
  type FileCheck,
  type NotClaim,
} from "../check/index.js";
import { common, needFiles, type Register } from "./common.js";
import { red, green, yellow, dim, bold, printErrors } from "./output.js";
import { math, prose } from "./format.js";

export const register: Register = (cli, setCode) => {
  cli
    .command(
      "check [...files]",
      "verdicts on every derivative claim: correct, incorrect (with the fix) or unverifiable",
    )
    .action((files: string[], o: Record<string, unknown>) => {
      const bad = needFiles(files);
      if (bad !== undefined) return setCode(bad);
      setCode(checkCommand(files, common(o)));
    });
};

const mark = (r: ClaimResult) =>
  r.verdict === "correct" ? green("correct") : r.verdict === "incorrect" ? red("incorrect") : yellow("unverifiable");

export function checkCommand(
  files: readonly string[],
  opts: { macroFiles: string[]; root?: string; json: boolean; readFile?: (path: string) => string | undefined },
): number {
  const results: FileCheck[] = [];
  const progress = files.length > 3 && Boolean(process.stderr.isTTY || !opts.json);
  files.forEach((file, i) => {
    if (progress) process.stderr.write(dim(`[${i + 1}/${files.length}] ${file}\n`));
    const fc = checkFile(file, {
      macroFiles: opts.macroFiles,
      ...(opts.root ? { root: opts.root } : {}),
      ...(opts.readFile ? { readFile: opts.readFile } : {}),
    });
    results.push(fc);
    if (fc.error) console.error(`texgrad: error: ${fc.error}`);
    else printErrors(fc.doc!.errors);
    if (!opts.json)
      inOrder(fc.claims, fc.notClaims ?? []).forEach((r) => ("verdict" in r ? printClaim(r) : printNotClaim(r)));
  });
  const all = results.flatMap((r) => r.claims);
  // input errors (a file that cannot be read, a segment that does not parse) beside the claims
  const errors = results.flatMap((r) =>
    r.error
      ? [{ file: r.file, line: 1, col: 1, message: r.error }]
      : r.doc!.errors.map((e) => ({ file: e.loc.file, line: e.loc.line, col: e.loc.col, message: e.message })),
  );
  const notClaims = results.flatMap((r) => (r.notClaims ?? []).map(notClaimJson));
  if (opts.json) console.log(jsonText({ claims: all.map(toJson), errors, notClaims }));
  else summary(results);
  if (errors.length) return 2;
  return all.some((r) => r.verdict === "incorrect") ? 1 : 0;
}

function printClaim(r: ClaimResult): void {
  console.log(`${r.loc.file}:${r.loc.line}:${r.loc.col}: ${mark(r)} ${math(r.claim)}`);
  if (r.verdict !== "correct")
    console.log(`    ${dim(r.verdict === "incorrect" ? "diagnosis:" : "reason:")} ${prose(r.reason)}`);
  if (r.verdict === "incorrect" && r.derived) console.log(`    ${dim("corrected:")} ${bold(math(r.derived))}`);
  for (const n of r.verdict === "correct" ? r.notes : []) console.log(`    ${dim("note:")} ${prose(n)}`);
}

/** Claims and the formulas that are not claims, in source order. */
function inOrder(claims: readonly ClaimResult[], others: readonly NotClaim[]): (ClaimResult | NotClaim)[] {
  const all = [...claims, ...others],
    files = new Map<string, number>();
  for (const x of all) if (!files.has(x.loc.file)) files.set(x.loc.file, files.size);
  const at = (x: ClaimResult | NotClaim) => [files.get(x.loc.file)!, x.loc.line, x.loc.col];
  return all.sort((a, b) => {
    const p = at(a),
      q = at(b);
    return p[0] - q[0] || p[1] - q[1] || p[2] - q[2];
  });
}

function printNotClaim(n: NotClaim): void {
  console.log(`${n.loc.file}:${n.loc.line}:${n.loc.col}: ${dim("not a claim")} ${n.latex}`);
  console.log(`    ${dim("reason:")} ${n.reason}`);
}

function summary(results: readonly FileCheck[]): void {
  const rows = results.map((f) => ({ file: f.file, ...countVerdicts(f.claims), error: Boolean(f.error) }));
  const total = countVerdicts(results.flatMap((r) => r.claims));
  const w = Math.min(60, Math.max(5, ...rows.map((r) => r.file.length)));
  const line = (f: string, a: number | string, b: number | string, c: number | string) =>
    `${f.length > w ? "…" + f.slice(-(w - 1)) : f.padEnd(w)}  ${String(a).padStart(7)}  ${String(b).padStart(9)}  ${String(c).padStart(12)}`;
  console.log("");
  console.log(bold(line("file", "correct", "incorrect", "unverifiable")));
  for (const r of rows)
    console.log(r.error ? `${r.file}: could not be read` : line(r.file, r.correct, r.incorrect, r.unverifiable));
  if (rows.length > 1) console.log(bold(line("total", total.correct, total.incorrect, total.unverifiable)));
  const others = results.reduce((n, f) => n + (f.notClaims?.length ?? 0), 0);
  if (others)
    console.log(
      dim(
        `${others} formula${others === 1 ? "" : "s"} with a derivative ${others === 1 ? "is" : "are"} not a claim (listed above with the reason)`,
      ),
    );
}
