// The packed package as a user gets it: `npm pack`, installed into an empty project, and there `npx texgrad --help`,
// the README's library example (run as written), and a TypeScript caller type-checked against the package's types.
// Offline first: the dependencies are copied from this checkout's node_modules into the project, so `npm install
// --offline` of the tarball needs no registry; only if that fails is the registry asked.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, ROOT } from "../helpers/build.js";

const NPM =
  process.env.npm_execpath && existsSync(process.env.npm_execpath)
    ? [process.execPath, process.env.npm_execpath]
    : ["npm"];
const npm = (args: string[], cwd: string) =>
  spawnSync(NPM[0], [...NPM.slice(1), ...args], { cwd, encoding: "utf8", timeout: 300_000 });

/** The runtime dependencies of the package and theirs, as installed in this checkout. */
function runtimeClosure(): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const pj = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const d of Object.keys(pj.dependencies ?? {})) visit(d);
  };
  const own = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const d of Object.keys(own.dependencies)) visit(d);
  return [...seen];
}

/** The README's library example: the ```js block after "## Library". */
export function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = /## Library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no ```js block under ## Library");
  return m[1];
}

describe("the npm package", () => {
  test("installs from its tarball into an empty project; the CLI, the README example and the types work there", () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "texgrad-pack-"));
    try {
      const packed = npm(["pack", "--ignore-scripts", "--pack-destination", dir], ROOT);
      expect(packed.status, packed.stderr).toBe(0);
      const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
      const proj = join(dir, "project");
      mkdirSync(join(proj, "node_modules"), { recursive: true });
      const deps = runtimeClosure();
      for (const d of deps) cpSync(join(ROOT, "node_modules", d), join(proj, "node_modules", d), { recursive: true });
      writeFileSync(
        join(proj, "package.json"),
        JSON.stringify(
          {
            name: "uses-texgrad",
            version: "1.0.0",
            type: "module",
            private: true,
            dependencies: Object.fromEntries(deps.map((d) => [d, "*"])),
          },
          null,
          2,
        ),
      );
      let installed = npm(["install", "--offline", "--no-audit", "--no-fund", join(dir, tarball)], proj);
      if (installed.status !== 0) {
        console.log(`npm install --offline failed (${installed.stderr.trim().split("\n").pop()}); trying the registry`);
        installed = npm(["install", "--no-audit", "--no-fund", join(dir, tarball)], proj);
      }
      expect(installed.status, installed.stderr).toBe(0);
      expect(existsSync(join(proj, "node_modules/texgrad/dist/src/index.d.ts"))).toBe(true);

      const help = spawnSync(process.execPath, [join(proj, "node_modules/.bin/texgrad"), "--help"], {
        cwd: proj,
        encoding: "utf8",
      });
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain("derive");
      const derived = spawnSync(
        process.execPath,
        [join(proj, "node_modules/.bin/texgrad"), "derive", "-e", "f = \\operatorname{tr}(A X B)", "--wrt", "X"],
        { cwd: proj, encoding: "utf8" },
      );
      expect(derived.stdout).toContain("\\frac{\\partial f}{\\partial X} = A^\\top B^\\top");

      // the README's example, run as written; its comments say what it prints
      writeFileSync(join(proj, "example.mjs"), readmeExample());
      const run = spawnSync(process.execPath, ["example.mjs"], { cwd: proj, encoding: "utf8", timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      const printed = run.stdout.trim().split("\n");
      const promised = [...readmeExample().matchAll(/console\.log\(.*\/\/ (.*)$/gm)].map((m) => m[1].trim());
      expect(printed).toEqual(promised);

      // typed results: a caller that uses them compiles under strict TypeScript, a wrong use does not
      writeFileSync(
        join(proj, "use.ts"),
        `import { parse, derive, check, emit, type Derivation, type Claim } from "texgrad";
const p = parse("L = \\\\|X \\\\mathbf{w} - \\\\mathbf{y}\\\\|^2");
const d: Derivation = derive(p, { wrt: ["w"] });
const first: string = d.gradients[0].latex;
const claims: readonly Claim[] = check(p).claims;
const verdict: "correct" | "incorrect" | "unverifiable" = claims.length ? claims[0].verdict : "correct";
const py: string = emit(p, { target: "numpy" });
void first; void verdict; void py;
`,
      );
      const tsc = (file: string) =>
        spawnSync(
          process.execPath,
          [
            join(ROOT, "node_modules/typescript/bin/tsc"),
            "--noEmit",
            "--strict",
            "--module",
            "nodenext",
            "--moduleResolution",
            "nodenext",
            "--target",
            "es2022",
            "--skipLibCheck",
            file,
          ],
          { cwd: proj, encoding: "utf8" },
        );
      const ok = tsc("use.ts");
      expect(ok.status, ok.stdout).toBe(0);
      writeFileSync(
        join(proj, "bad.ts"),
        `import { emit, parse } from "texgrad";\nemit(parse("f = x"), { target: "fortran" });\n`,
      );
      const bad = tsc("bad.ts");
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toContain("fortran");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
