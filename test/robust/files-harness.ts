// The harness of the file-safety tests (test/robust/files.test.ts): every case runs the compiled command line
// (`node bin/texgrad.js`, a real process: a stack overflow or a hang shows as such) in its own fresh folder, and the
// whole temporary tree (the case folder and its parent, which holds a secret file outside the lecture) is
// snapshotted before and after: paths, kinds, sizes, mtimes, contents and link targets, and folder mtimes (a
// temporary file created and removed again changes its folder's mtime).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { ROOT } from "../helpers/build.js";

export const BIN = join(ROOT, "bin/texgrad.js");
/** In every sandbox's parent, outside the lecture: no case may print it. */
export const SECRET = "SECRET-7f3a-do-not-print";

export interface Sandbox {
  /** The parent folder (holds `outside/` and the case folder). */
  readonly outer: string;
  /** The case folder: the working directory of the run. */
  readonly dir: string;
  file(path: string, content: string | Buffer): string;
  symlink(path: string, target: string): string;
  hardlink(path: string, existing: string): string;
  mkdir(path: string): string;
}

export function sandbox(): Sandbox {
  const outer = mkdtempSync(join(tmpdir(), "texgrad-files-"));
  const dir = join(outer, "case");
  mkdirSync(dir);
  mkdirSync(join(outer, "outside"));
  writeFileSync(join(outer, "outside", "secret.md"), `# private\n${SECRET}\n$$${SECRET} = 1$$\n`);
  writeFileSync(join(outer, "outside", "secret.tex"), `${SECRET}\n`);
  const at = (p: string) => {
    const full = join(dir, p);
    mkdirSync(dirname(full), { recursive: true });
    return full;
  };
  return {
    outer,
    dir,
    file: (p, content) => {
      writeFileSync(at(p), content);
      return p;
    },
    symlink: (p, target) => {
      symlinkSync(target, at(p));
      return p;
    },
    hardlink: (p, existing) => {
      linkSync(join(dir, existing), at(p));
      return p;
    },
    mkdir: (p) => {
      mkdirSync(at(p), { recursive: true });
      return p;
    },
  };
}

/** Every entry under `root` (not following links): kind, size, mtime, content hash or link target. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name),
        rel = relative(root, full),
        st = lstatSync(full);
      if (st.isSymbolicLink()) out.set(rel, `link ${readlinkSync(full)}`);
      else if (st.isDirectory()) {
        out.set(rel, `dir ${st.mtimeMs}`);
        walk(full);
      } else
        out.set(
          rel,
          `file ${st.size} ${st.mtimeMs} ${st.ino} ${createHash("sha1").update(readFileSync(full)).digest("hex")}`,
        );
    }
  };
  out.set(".", `dir ${lstatSync(root).mtimeMs}`);
  walk(root);
  return out;
}

/** Paths (relative to the snapshot's root) that differ between two snapshots. */
export function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

export interface Run {
  readonly code: number | null;
  readonly signal: string | null;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

/** One run of the command line in `cwd`, standard input from `stdin` (empty when not given). */
export function run(cwd: string, args: readonly string[], stdin?: string | Buffer): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: stdin ?? "",
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, out: r.stdout ?? "", err: r.stderr ?? "", ms: performance.now() - t0 };
}

/** Start a run and kill it with SIGKILL after `ms` milliseconds; resolves when the process is gone. */
export function killedAfter(cwd: string, args: readonly string[], ms: number): Promise<void> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, stdio: "ignore" });
    const t = setTimeout(() => p.kill("SIGKILL"), ms);
    p.on("exit", () => {
      clearTimeout(t);
      done();
    });
  });
}

/** Characters that must never reach a terminal raw from texgrad's messages (a newline is fine). */
export const UNPRINTABLE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/;
/** What a crash looks like: a JS stack frame or an engine error name. */
export const CRASH =
  /^\s+at .+:\d+:\d+\)?$|RangeError|TypeError|ReferenceError|Maximum call stack|node:internal|FATAL ERROR|heap out of memory/m;

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
