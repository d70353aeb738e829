// Source readers: statement files and lecture sources (lamd Markdown, LaTeX documents) → located math segments.
import { dirname, extname, resolve } from "node:path";
import type { ReadOptions, SourceFile } from "./types.js";
import { normalizeText } from "./pos.js";
import { scanLecture, type Ctx } from "./lamd.js";
import { scanStatements } from "./statements.js";
import {
  MAX_INCLUDES,
  MAX_INCLUDE_BYTES,
  STDIN_NAME,
  includeUnreadable,
  readBounded,
  readStdin,
  realPath,
  refuseRoot,
  remember,
} from "./confine.js";

export type { MacroDef, ReadOptions, Row, Segment, SourceError, SourceFile } from "./types.js";

const LATEX_DOCUMENT = /\\begin\s*\{document\}/;
const MATH_OPENER = /\$|\\\[|\\\(|\\begin\{(?:equation|align|gather|eqnarray|multline)/;

/**
 * Statement file or lecture? A LaTeX document (`\begin{document}`) is a lecture; `.tex`/`.txt` are statement
 * files; Markdown (`.md`, `.markdown`) is a lecture; anything else is a statement file when it has no math
 * delimiter (`$`, `\[`, `\(`, a math environment).
 */
export function isStatementFile(path: string, text: string): boolean {
  if (LATEX_DOCUMENT.test(text)) return false;
  const ext = extname(path).toLowerCase();
  if (ext === ".tex" || ext === ".txt") return true;
  if (ext === ".md" || ext === ".markdown") return false;
  return !MATH_OPENER.test(text);
}

function defaultRead(path: string): string | undefined {
  const r = readBounded(path);
  return "text" in r ? r.text : undefined;
}

/**
 * Read a file from disk, or standard input for `-` (named `<stdin>`); an unreadable file gives a SourceFile
 * with one error without a location (`unlocated`), never an exception.
 */
export function readSource(path: string, opts: ReadOptions = {}): SourceFile {
  const stdin = path === "-";
  const file = stdin ? STDIN_NAME : path;
  const badRoot = opts.root !== undefined && !opts.readFile ? refuseRoot(opts.root) : undefined;
  const r =
    badRoot !== undefined
      ? { error: badRoot }
      : opts.readFile
        ? ((t) => (t === undefined ? { error: `cannot read ${path}` } : { text: t }))(opts.readFile(path))
        : stdin
          ? readStdin()
          : readBounded(path);
  if (!("text" in r)) {
    return {
      file,
      text: "",
      segments: [],
      errors: [{ file, line: 1, col: 1, message: r.error, unlocated: true }],
      macroDefs: [],
      included: [],
    };
  }
  remember(file, r.text);
  return readText(file, r.text, stdin ? { ...opts, root: opts.root ?? "." } : opts);
}

/** Read `text` as the contents of `file` (includes are still read from `root`). */
export function readText(file: string, text: string, opts: ReadOptions = {}): SourceFile {
  const t = normalizeText(text);
  if (isStatementFile(file, t)) return { file, text: t, ...scanStatements(file, t), included: [] };
  const ctx: Ctx = {
    root: opts.root ?? dirname(file),
    defined: new Set(opts.defined ?? []),
    maxDepth: opts.maxIncludeDepth ?? 16,
    read: opts.readFile ?? defaultRead,
    ...(opts.readFile ? {} : { why: includeUnreadable }),
    // with a custom reader the files need not exist on disk: only the path itself is checked
    real: opts.readFile ? () => undefined : realPath,
    budget: ((f, b) => ({ files: f, bytes: b, maxFiles: f, maxBytes: b, exhausted: false }))(
      opts.maxIncludes ?? MAX_INCLUDES,
      opts.maxIncludeBytes ?? MAX_INCLUDE_BYTES,
    ),
    cache: new Map(),
    segments: [],
    errors: [],
    macroDefs: [],
    included: [],
    reading: [resolve(file)],
  };
  scanLecture(file, t, LATEX_DOCUMENT.test(t), ctx, 0);
  return {
    file,
    text: t,
    segments: ctx.segments,
    errors: ctx.errors,
    macroDefs: ctx.macroDefs,
    included: ctx.included,
  };
}
