// Kernels from hostile lecture sources: symbol names and file names crafted to leave a comment, a string or a
// docstring (`"); import os; os.system("touch pwned") #`, `*/ system("touch pwned"); /*`, `"""`, newlines,
// bidi characters, a trailing backslash, trigraphs, U+2028). Each target is emitted into an empty folder; the
// Python modules are imported in a subprocess, the JS module is run by node, the C header is compiled with
// gcc -O2 -std=c99 -Wall -Werror into a program that calls forward and gradients (the numpy module's are called
// too); no payload runs (no file appears), source text occurs only in comments, and `verify --target all` passes.
import { describe, expect, test } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execFileSync } from "node:child_process";
import { runCli } from "../helpers/cli.js";
import { pythonHas, PYTHON } from "../../src/codegen/verify/python.js";
import { haveGcc, GCC, C_FLAGS } from "../../src/codegen/verify/c.js";

/** A two-layer lecture whose symbols are `x`, `w` and `h` (substituted by the payloads). */
const lecture = (x: string, w: string, h: string, pre = "") =>
  pre +
  [
    `${x} \\in \\mathbb{R}^{n \\times d}`,
    `${w} \\in \\mathbb{R}^{d \\times k}`,
    `${h} = \\tanh(${x} ${w})`,
    `f = \\operatorname{tr}(${h}^\\top ${h})`,
  ].join("\n") +
  "\n";
const T = (payload: string, base = "X") => `${base}_{\\text{${payload}}}`;

interface KernelCase {
  readonly name: string;
  readonly file: string;
  readonly source: string;
  readonly verify?: boolean;
}
const PY = `"); import os; os.system("touch pwned") #`;
const C = `*/ system("touch pwned"); /*`;
const CASES: readonly KernelCase[] = [
  { name: "python injection in a symbol", file: "py.tex", source: lecture(T(PY), "W", "H"), verify: true },
  { name: "C comment closer in a symbol", file: "c.tex", source: lecture("X", T(C, "W"), "H"), verify: true },
  { name: "docstring closer in a symbol", file: "doc.tex", source: lecture("X", "W", T(`"""x`, "H")), verify: true },
  {
    name: "JS template and script close in a symbol",
    file: "js.tex",
    source: lecture(T("${process.exit(3)}`</script>"), "W", "H"),
  },
  {
    name: "bidi and zero-width characters in a symbol",
    file: "bidi.tex",
    source: lecture(T("a\u202eb\u2066c\u200bd"), "W", "H"),
    verify: true,
  },
  {
    name: "U+2028 and a trailing backslash in a symbol",
    file: "ls.tex",
    source: lecture(T("a\u2028b\u2029c"), "W", T("q", "H")),
  },
  { name: "trigraphs in the file name", file: "tri??=??(??)??-.tex", source: lecture("X", "W", "H") },
  {
    name: "a hostile name from a macro body",
    file: "macro.tex",
    source: lecture("\\Xm", "W", "H", `\\newcommand{\\Xm}{X_{\\text{${PY}}}}\n`),
    verify: true,
  },
  {
    name: "keywords and runtime names as symbols",
    file: "kw.tex",
    source: lecture("\\mathrm{constructor}", "\\mathrm{import}", "\\mathrm{tg}_{alloc}"),
  },
  {
    name: "a newline and python code in the file name",
    file: "a\nimport os; os.system('touch pwned')\n.tex",
    source: lecture("X", "W", "H"),
  },
  { name: "a docstring closer in the file name", file: `"""; import os #.tex`, source: lecture("X", "W", "H") },
  { name: "a comment closer in the path", file: `x*/ system("touch pwned"); /* .tex`, source: lecture("X", "W", "H") },
  {
    name: "bidi characters in the file name",
    file: "k\u202e\u2067name\u200b.tex",
    source: lecture("X", "W", "H"),
    verify: true,
  },
  { name: "a trailing backslash in the file name", file: "name\\", source: lecture("X", "W", "H") },
];

const EXT = { js: "k.mjs", numpy: "k_numpy.py", torch: "k_torch.py", c: "k.h" } as const;

/** The code with comments and string literals blanked (a lexer good enough for what the backends write). */
function code(text: string, target: keyof typeof EXT): string {
  const re =
    target === "numpy" || target === "torch"
      ? /"""[\s\S]*?"""|#[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g
      : /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
  return text.replace(re, (m) => (m.startsWith('"') || m.startsWith("'") || m.startsWith("`") ? '""' : " "));
}

/**
 * A C program that calls the header's forward and gradients: every size 2, every input filled with sin(i), seed
 * NULL (1), outputs in buffers; prints ok when the output is finite. Read from the prototypes, whatever the
 * symbols are called.
 */
function cDriver(header: string): string {
  const call = (fn: string) => {
    const m = new RegExp(`static inline void ${fn}\\(([^)]*)\\)`).exec(header);
    if (!m) throw new Error(`no ${fn} in the header`);
    return m[1].split(",").map((p, i) => {
      const t = p.trim();
      if (t.startsWith("int ")) return "2";
      if (/tg_seed$/.test(t)) return "NULL";
      return t.startsWith("const double *") ? `in${i}` : `out${i}`;
    });
  };
  const f = call("forward"),
    g = call("gradients");
  const bufs = [...new Set([...f, ...g].filter((a) => /^(in|out)\d+$/.test(a)))];
  return [
    `#include "k.h"`,
    "#include <stdio.h>",
    "#include <math.h>",
    "int main(void) {",
    ...bufs.map((b) => `  double ${b}[64];`),
    ...bufs.filter((b) => b.startsWith("in")).map((b) => `  for (int i = 0; i < 64; i++) ${b}[i] = sin(i + 1.0);`),
    ...bufs.filter((b) => b.startsWith("out")).map((b) => `  for (int i = 0; i < 64; i++) ${b}[i] = 0.0;`),
    `  forward(${f.join(", ")});`,
    `  gradients(${g.join(", ")});`,
    `  double y = ${f[f.length - 1]}[0];`,
    `  puts(isfinite(y) ? "ok" : "bad");`,
    "  return 0;",
    "}",
    "",
  ].join("\n");
}

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, stdio: "pipe", timeout: 60_000, encoding: "utf8" });

describe.each(CASES.map((c) => [c.name, c] as const))("hostile kernel source: %s", (_name, c) => {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-hostile-kernel-"));
  const src = join(dir, c.file);
  mkdirSync(dirname(src), { recursive: true });
  writeFileSync(src, c.source);
  const texts: Partial<Record<keyof typeof EXT, string>> = {};

  test("every target emits; source text only in comments; a second run is byte-identical", async () => {
    for (const [target, out] of Object.entries(EXT) as [keyof typeof EXT, string][]) {
      const t0 = Date.now();
      const r = await runCli("emit", src, "--target", target, "-o", join(dir, out));
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(r.code, `${target}: ${r.err}`).toBe(0);
      const text = readFileSync(join(dir, out), "utf8");
      texts[target] = text;
      const bare = code(text, target);
      for (const bad of ["touch pwned", "os.system", 'system("', "import os", "process.exit", "</script>"])
        expect(bare, `${target}: ${bad}`).not.toContain(bad);
      expect(bare, `${target}: only ASCII outside comments`).toMatch(/^[\x20-\x7e\n]*$/);
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029\ufeff\u0000-\u0008]/);
      await runCli("emit", src, "--target", target, "-o", join(dir, out));
      expect(readFileSync(join(dir, out), "utf8"), `${target} again`).toBe(text);
    }
    expect(readdirSync(dir).sort()).toEqual([c.file.split("/")[0], ...Object.values(EXT)].sort());
  }, 60_000);

  test("node runs the JS module (forward and gradients)", async () => {
    const main = join(dir, "main.mjs");
    writeFileSync(
      main,
      `import * as k from "./k.mjs";
const sizes = { n: 2, d: 3, k: 2 };
const inputs = {};
for (const [key, dims] of Object.entries(k.INPUTS)) {
  const shape = dims.map((s) => sizes[s] ?? 2);
  inputs[key] = { shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i + 1)) };
}
const y = k.forward(inputs);
const g = k.gradients(inputs);
console.log(typeof y === "number" && Number.isFinite(y) && Object.keys(g).length === Object.keys(k.INPUTS).length ? "ok" : "bad");
`,
    );
    expect(run(process.execPath, [main], dir).trim()).toBe("ok");
    expect(existsSync(join(dir, "pwned"))).toBe(false);
  });

  test.runIf(pythonHas("numpy"))("python imports the numpy module", () => {
    // imported, then forward and gradients called on inputs of the declared shapes (every size 2)
    const py = [
      "import importlib.util as u, math, numpy as np",
      "s = u.spec_from_file_location('k', 'k_numpy.py'); m = u.module_from_spec(s); s.loader.exec_module(m)",
      "xs = [np.sin(np.arange(1, 1 + 2 ** len(d))).reshape([2] * len(d)) for d in m.INPUTS.values()]",
      "y = m.forward(*xs); g = m.gradients(None, *xs)",
      "print('ok' if math.isfinite(float(y)) and len(g) == len(m.INPUTS) else 'bad')",
    ].join("\n");
    expect(run(PYTHON, ["-c", py], dir).trim()).toBe("ok");
    expect(existsSync(join(dir, "pwned"))).toBe(false);
  });

  test.runIf(haveGcc())(
    "gcc -O2 -std=c99 -Wall -Werror compiles a program around the C header that calls forward and gradients",
    () => {
      writeFileSync(join(dir, "main.c"), cDriver(readFileSync(join(dir, "k.h"), "utf8")));
      run(GCC, [...C_FLAGS, "-o", "main", "main.c", "-lm"], dir);
      expect(run(join(dir, "main"), [], dir).trim()).toBe("ok");
      expect(existsSync(join(dir, "pwned"))).toBe(false);
    },
  );
  if (c.verify)
    test("verify --target all passes (every function called on random inputs)", async () => {
      const r = await runCli("verify", src, "--target", "all");
      expect(r.code, r.out + r.err).toBe(0);
      expect(existsSync(join(dir, "pwned"))).toBe(false);
      expect(existsSync("pwned")).toBe(false);
    }, 120_000);
});

describe("hostile kernels: the torch module imports too", () => {
  test.runIf(pythonHas("torch"))(
    "python imports the torch module of a python-injection symbol",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "texgrad-hostile-torch-"));
      writeFileSync(join(dir, "py.tex"), CASES[0].source);
      expect((await runCli("emit", join(dir, "py.tex"), "--target", "torch", "-o", join(dir, "k_torch.py"))).code).toBe(
        0,
      );
      expect(
        run(
          PYTHON,
          [
            "-c",
            "import importlib.util as u; s = u.spec_from_file_location('k', 'k_torch.py'); m = u.module_from_spec(s); s.loader.exec_module(m); print('ok')",
          ],
          dir,
        ).trim(),
      ).toBe("ok");
      expect(readdirSync(dir).sort()).toEqual(["k_torch.py", "py.tex"]);
    },
    60_000,
  );
});
