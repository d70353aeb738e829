// `npm run build:playground`: bundles the engine (the compiled dist/src) with playground/app.ts and KaTeX into one
// static page, dist/playground/index.html, that works offline from file://: the script, the KaTeX CSS and its fonts
// (data URLs) are inlined, and the page's Content-Security-Policy allows no request at all. The engine's few Node
// built-ins are served by playground/node-shim.js, whose read-only file system holds the compiled rules
// (dist/rules.json, with the rules files' text they were compiled from, so the page never parses a rule).
// `node scripts/build-playground.mjs --out DIR` writes DIR/index.html instead. Needs `npm run build` first.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rolldown } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const outDir = outAt >= 0 && args[outAt + 1] ? resolve(args[outAt + 1]) : join(root, "dist/playground");
for (const f of ["dist/src/index.js", "dist/rules.json"])
  if (!existsSync(join(root, f))) {
    console.error(`build-playground: ${f} is missing: run npm run build first`);
    process.exit(2);
  }

// the engine's files, as the shim's file system serves them (under /texgrad, the package root)
const files = {
  "/texgrad/package.json": JSON.stringify({ name: "texgrad" }),
  "/texgrad/dist/rules.json": readFileSync(join(root, "dist/rules.json"), "utf8"),
};
for (const f of readdirSync(join(root, "rules")).filter((f) => f.endsWith(".rules")))
  files[`/texgrad/rules/${f}`] = readFileSync(join(root, "rules", f), "utf8");

// the text the page starts with: the attention example, with three claims to check (the last one is wrong)
const example =
  readFileSync(join(root, "examples/attention.tex"), "utf8").trimEnd() +
  String.raw`
% Claimed gradients, in a macro of our own; the last one forgets the scale 1/\sqrt{d_k}
\newcommand{\dL}[1]{\frac{\partial L}{\partial #1}}
\dL{V} = A^\top \dL{O}
\dL{Q} = \frac{1}{\sqrt{d_k}} \dL{S} K
\dL{K} = \dL{S}^\top Q
`;

const shim = join(root, "playground/node-shim.js");
const NODE = /^node:(fs|path|url|module|os|child_process)$/;
const bundle = await rolldown({
  input: join(root, "playground/app.ts"),
  platform: "browser",
  logLevel: "silent",
  plugins: [
    {
      name: "texgrad-node-shim",
      resolveId(id) {
        if (NODE.test(id)) return shim;
        if (id.startsWith("node:")) throw new Error(`build-playground: ${id} has no browser shim`);
        return null;
      },
      transform(code, id) {
        // rules.ts finds the package from its own URL: in the page it lives at /texgrad/dist/src/…
        if (!code.includes("import.meta.url")) return null;
        const rel = id.startsWith(root) ? id.slice(root.length) : "/dist/src/index.js";
        return { code: code.replaceAll("import.meta.url", JSON.stringify(`file:///texgrad${rel}`)), map: null };
      },
    },
  ],
});
const { output } = await bundle.generate({
  format: "iife",
  minify: true,
  codeSplitting: false,
  comments: { legal: false },
});
await bundle.close();
const app = output.find((o) => o.type === "chunk").code;
const globals =
  `var __TEXGRAD_FILES__=${JSON.stringify(files)},__TEXGRAD_EXAMPLE__=${JSON.stringify(example)};` +
  `var process=globalThis.process||{env:{},argv:[],platform:"browser",versions:{},cwd:function(){return "/texgrad"},stdout:{isTTY:false},stderr:{isTTY:false}};` +
  `var Buffer=globalThis.Buffer||{from:function(s){return new TextEncoder().encode(String(s))}};`;

const { inlineKatexCss } = await import(pathToFileURL(join(root, "dist/src/render/katex.js")).href);
const script = (globals + "\n" + app).replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
const page = readFileSync(join(root, "playground/index.html"), "utf8")
  .replace("/*KATEX_CSS*/", () => inlineKatexCss())
  .replace("/*APP*/", () => script);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "index.html"), page);
const rel = outDir.startsWith(root) ? outDir.slice(root.length + 1) : outDir;
console.log(
  `wrote ${join(rel, "index.html")} (${(page.length / 1024).toFixed(0)} kB): open it in a browser, no server needed`,
);
