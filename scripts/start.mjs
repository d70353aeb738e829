// `npm start`: the main job on the embedded example lecture (examples/attention.md, one attention head): check its
// claims (one is wrong on purpose), derive every gradient, write the report (HTML, LaTeX, lamd) and the kernels
// (JS with its .d.ts, NumPy, PyTorch, C) to out/, verify the kernels against central finite differences, and print
// a short summary. Builds first only when dist/ is missing or older than the sources (so a built checkout starts in
// about a second). `npm start -- --latex` prints formulas as LaTeX, `-- --unicode` as Unicode (the default on a
// terminal); `-- --torch` also verifies the PyTorch module (slow: it imports torch); `-- --out DIR` writes to DIR
// instead of out/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const OUT = outAt >= 0 && args[outAt + 1] ? args[outAt + 1] : "out";

function newest(dir, ext) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const p of readdirSync(dir, { recursive: true }))
    if (ext.test(p)) t = Math.max(t, statSync(join(dir, p)).mtimeMs);
  return t;
}
const built = ["dist/src/index.js", "dist/rules.json", "dist/cli/main.cjs"].every((f) => existsSync(join(root, f)))
  ? Math.min(newest(join(root, "dist/src"), /\.js$/), statSync(join(root, "dist/cli/main.cjs")).mtimeMs)
  : 0;
if (built < Math.max(newest(join(root, "src"), /\.ts$/), newest(join(root, "grammar"), /\.ne$/))) {
  process.stderr.write("building (npm run build) …\n");
  const b = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build", "--silent"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (b.status !== 0) process.exit(b.status ?? 2);
}

const t0 = performance.now();
const dist = (p) => import(join(root, "dist/src", p));
const [
  { loadDocument },
  { derive },
  { checkDocument, countVerdicts },
  { buildProgram },
  { emitProgram },
  { emitJsTypes },
  { verifyProgram, GRADIENT_TOLERANCE },
  { buildReport },
  { renderHtml },
  { renderLatex, renderLamd },
  { setMathMode, math, prose },
  out,
  { printDisplay },
  { printExpr },
] = await Promise.all([
  dist("parse/document.js"),
  dist("derive/reverse.js"),
  dist("check/index.js"),
  dist("codegen/ir.js"),
  dist("codegen/emit.js"),
  dist("codegen/backends/dts.js"),
  dist("codegen/verify/index.js"),
  dist("render/report.js"),
  dist("render/html.js"),
  dist("render/document.js"),
  dist("cli/format.js"),
  dist("cli/output.js"),
  dist("render/display.js"),
  dist("render/latex.js"),
]);
const { bold, dim, green, red, yellow, writeOutput } = out;
setMathMode({ latex: args.includes("--latex"), unicode: args.includes("--unicode") });

const LECTURE = "examples/attention.md";
process.chdir(root);
const doc = loadDocument(LECTURE);
if (doc.errors.length) {
  out.printErrors(doc.errors);
  process.exit(2);
}

// 1. the claims
const claims = checkDocument(doc);
const n = countVerdicts(claims);
console.log(bold(`texgrad on ${LECTURE}`) + dim(" — one attention head, its backward pass as a lecture writes it"));
console.log(
  `\n${bold("Claims")}  ${green(`${n.correct} correct`)}, ${n.incorrect ? red(`${n.incorrect} incorrect`) : "0 incorrect"}${n.unverifiable ? `, ${yellow(`${n.unverifiable} unverifiable`)}` : ""}`,
);
for (const c of claims.filter((c) => c.verdict !== "correct")) {
  console.log(
    `  ${c.verdict === "incorrect" ? red("incorrect") : yellow("unverifiable")}  ${dim(`${c.loc.file}:${c.loc.line}:${c.loc.col}`)}  ${math(c.claim)}`,
  );
  console.log(`    ${dim(c.verdict === "incorrect" ? "diagnosis:" : "reason:")} ${prose(c.reason)}`);
  if (c.verdict === "incorrect" && c.derived) console.log(`    ${dim("corrected:")} ${bold(math(c.derived))}`);
}

// 2. the gradients
const d = derive(doc);
console.log(
  `\n${bold("Gradients")} of ${math(printExpr(d.loss))}${d.upstream ? `, given ${math(printExpr(d.upstream))} from the next layer` : ""}`,
);
for (const b of d.backward) console.log(`  ${math(printExpr(b.name))} = ${math(printDisplay(b.expr, d.doc.env))}`);

// 3. the files
const outDir = resolve(root, OUT); // relative to the checkout, or absolute
mkdirSync(outDir, { recursive: true });
const program = buildProgram(d);
const report = await buildReport(doc);
const files = [
  [
    "out/report.html",
    renderHtml(report, doc.macros),
    "the derivation, the verdicts and the kernels (open it in a browser)",
  ],
  ["out/report.tex", renderLatex(report, doc.macros), "the same as a LaTeX document"],
  ["out/attention.lamd", renderLamd(report, doc.macros), "the derivation as a lamd snippet, in the lecture's macros"],
  ["out/attention.js", emitProgram(program, "js"), "JavaScript kernel: forward(inputs), gradients(inputs, seed)"],
  ["out/attention.d.ts", emitJsTypes(program), "its TypeScript declarations"],
  ["out/attention.py", emitProgram(program, "numpy"), "NumPy kernel"],
  [
    "out/attention_torch.py",
    emitProgram(program, "torch"),
    "PyTorch module: a torch.autograd.Function with the derived backward",
  ],
  ["out/attention.h", emitProgram(program, "c"), "C99 header: forward and gradients on row-major arrays"],
];
for (const [path, text] of files) {
  const failed = writeOutput(join(outDir, path.replace(/^out\//, "")), text);
  if (failed !== undefined) process.exit(failed);
}

// 4. the kernels against central finite differences
console.log(
  `\n${bold("Kernels")} against central finite differences ${dim(`(float64, random sizes; relative error ≤ ${GRADIENT_TOLERANCE.toExponential(0)})`)}`,
);
let mismatch = false;
for (const target of ["js", "numpy", "c", ...(args.includes("--torch") ? ["torch"] : [])]) {
  const r = await verifyProgram(d, program, target, 1);
  if (r.skipped) {
    console.log(`  ${target.padEnd(6)} ${yellow(`not run: ${r.skipped}`)}`);
    continue;
  }
  const worst = Math.max(...r.inputs.map((i) => i.relErr));
  const ok = r.inputs.every((i) => i.relErr <= GRADIENT_TOLERANCE) && !r.notes.some((x) => /FAILED/.test(x));
  mismatch ||= !ok;
  const sizes = r.sizes
    ? dim(
        `  sizes ${Object.entries(r.sizes)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}`,
      )
    : "";
  console.log(
    `  ${target.padEnd(6)} ${r.inputs.length} gradients, worst relative error ${worst.toExponential(1)}  ${ok ? green("ok") : red("MISMATCH")}${sizes}`,
  );
}
if (!args.includes("--torch"))
  console.log(
    dim(`  torch  written; verify it with npx texgrad verify ${LECTURE} --target torch (imports torch: slow)`),
  );

console.log(`\n${bold("Wrote")}`);
for (const [path, , what] of files) console.log(`  ${join(OUT, path.replace(/^out\//, "")).padEnd(22)} ${dim(what)}`);
console.log(
  dim(
    `\n${((performance.now() - t0) / 1000).toFixed(1)} s. Next: npx texgrad check your-lecture.md · npx texgrad derive -e 'f = \\operatorname{tr}(A X B)' --wrt X · npx texgrad --help`,
  ),
);
process.exit(mismatch ? 1 : 0);
