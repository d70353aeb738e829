// Terminal output: located errors with the source line and a caret, colour only on a TTY; and the one place
// where files are written: never over a file the run reads, through a temporary file renamed into place.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { formatError, printable } from "../errors.js";
import type { Loc } from "../macro/lexer.js";
import type { DocError } from "../parse/document.js";
import { realPath, rememberedText } from "../source/confine.js";

const texts = new Map<string, string | undefined>();
function sourceOf(file: string): string | undefined {
  const seen = rememberedText(file);
  if (seen !== undefined) return seen;
  if (!texts.has(file)) {
    try {
      texts.set(file, statSync(file).size > 50 * 1048576 ? undefined : readFileSync(file, "utf8"));
    } catch {
      texts.set(file, undefined);
    }
  }
  return texts.get(file);
}

const tty = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
export const colour = (code: number, s: string) => (tty() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const red = (s: string) => colour(31, s);
export const green = (s: string) => colour(32, s);
export const yellow = (s: string) => colour(33, s);
export const dim = (s: string) => colour(2, s);
export const bold = (s: string) => colour(1, s);

/** `file:line:col: error: message`, the source line, and a caret. */
export function located(loc: Loc, message: string): string {
  return formatError(loc, message, sourceOf(loc.file));
}

/** An error without a place in a file: one line `texgrad: error: …`. */
export function fail(message: string): number {
  console.error(`texgrad: error: ${printable(message)}`);
  return 2;
}

/** Print a document's errors: located ones with the source line and caret, the others as one line. */
export function printErrors(errors: readonly DocError[]): void {
  for (const e of errors)
    console.error(e.unlocated ? `texgrad: error: ${printable(e.message)}` : located(e.loc, e.message));
}

/** A file the run reads, and what it is to the run (named when an output would overwrite it). */
export interface Read {
  readonly path: string;
  readonly role: string;
}

/** The files a run reads (inputs, `\include`d files, macro files): outputs may not name any of them. */
export function readFiles(
  inputs: readonly string[],
  included: readonly string[] = [],
  macroFiles: readonly string[] = [],
): Read[] {
  return [
    ...inputs.filter((f) => f !== "-").map((path) => ({ path, role: "an input" })),
    ...included.map((path) => ({ path, role: "a file this run \\includes" })),
    ...macroFiles.map((path) => ({ path, role: "a --macros file" })),
  ];
}

/** An output's path as it will be once written: symbolic links (of the file or its folder) resolved. */
function realTarget(path: string): string {
  const full = resolve(path);
  return realPath(full) ?? join(realPath(dirname(full)) ?? dirname(full), basename(full));
}
/** Device and inode of an existing file (a hard link shares them with the file it links), or undefined. */
function inode(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

export interface Output {
  readonly flag: string;
  readonly path: string;
}

/**
 * Refuse (exit 2, one line each) outputs that name a file the run reads (by any path: symbolic links resolved,
 * hard links recognised), the same file twice, a folder, or a file in a folder that does not exist. Nothing is
 * written by this check.
 */
export function refuseOutputs(outputs: readonly Output[], reads: readonly Read[]): number | undefined {
  const readReal = new Map<string, Read>(),
    readInode = new Map<string, Read>();
  for (const f of reads) {
    if (!readReal.has(realTarget(f.path))) readReal.set(realTarget(f.path), f);
    const ino = inode(f.path);
    if (ino !== undefined && !readInode.has(ino)) readInode.set(ino, f);
  }
  const seen = new Map<string, string>();
  for (const o of outputs) {
    if (o.path === "") return fail(`${o.flag} needs a file name`);
    const real = realTarget(o.path),
      ino = inode(o.path);
    const source = readReal.get(real) ?? (ino === undefined ? undefined : readInode.get(ino));
    if (source !== undefined) {
      const what =
        source.path === o.path
          ? `it is ${source.role}`
          : `it is the same file as ${source.path}${readReal.has(real) ? "" : " (a hard link)"}, ${source.role}`;
      return fail(`refusing to write ${o.flag} ${o.path}: ${what} (choose another output file)`);
    }
    if (seen.has(real)) return fail(`${seen.get(real)} and ${o.flag} name the same file ${o.path}`);
    seen.set(real, o.flag);
    const dir = dirname(resolve(o.path));
    if (!existsSync(dir)) return fail(`cannot write ${o.path}: the folder ${dirname(o.path)} does not exist`);
    try {
      if (!statSync(dir).isDirectory()) return fail(`cannot write ${o.path}: ${dirname(o.path)} is not a folder`);
    } catch {
      /* checked again on writing */
    }
    if (existsSync(o.path) && statSync(o.path).isDirectory())
      return fail(`cannot write ${o.flag} ${o.path}: it is a folder`);
  }
  return undefined;
}

/**
 * Write `text` to `path` all at once: into a temporary file in the same folder, then renamed over `path`, so an
 * interrupted run never leaves a half-written file. Returns an exit code 2 after a one-line error on failure.
 */
export function writeOutput(path: string, text: string): number | undefined {
  const full = resolve(path);
  const tmp = join(dirname(full), `.${basename(full)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, full);
    return undefined;
  } catch (e) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? `the folder ${dirname(path)} does not exist`
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a folder"
            : (code ?? "write failed");
    return fail(`cannot write ${path}: ${why}`);
  }
}
