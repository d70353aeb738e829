// Public types of the source readers: math segments and definitions located in real files.

/** One statement's text; line/col is its first non-whitespace character in the file (1-based, characters). */
export interface Row {
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

/** A math segment; line/col is the first character after the opening delimiter. */
export interface Segment {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly text: string;
  readonly display: boolean;
  readonly rows: readonly Row[];
}

export interface SourceError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  /** The error has no place in a file (a file that cannot be read): printed as `texgrad: error: …`. */
  readonly unlocated?: boolean;
}

/** Raw definition source, e.g. `\define{\name{a}}{\mathbf{a}}` or `\newcommand{\x}{y}`. */
export interface MacroDef {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

export interface SourceFile {
  readonly file: string;
  /** The file's text with CRLF/CR turned into LF and a leading BOM removed (positions are unchanged by this). */
  readonly text: string;
  readonly segments: readonly Segment[];
  readonly errors: readonly SourceError[];
  readonly macroDefs: readonly MacroDef[];
  /** Files read through `\include`, in order of first reading. */
  readonly included: readonly string[];
}

export interface ReadOptions {
  /** Folder that `\include{path}` is relative to; default: the folder of the top file. */
  readonly root?: string;
  /** Names that count as defined for `\ifdef`/`\ifndef` before reading starts. */
  readonly defined?: ReadonlySet<string>;
  /** Deepest `\include` nesting allowed (default 16). */
  readonly maxIncludeDepth?: number;
  /** At most this many `\include`s in all (default 2000), reading at most this many bytes (default 50 MB). */
  readonly maxIncludes?: number;
  readonly maxIncludeBytes?: number;
  /** Reads an included file; `undefined` when it cannot be read. Default: the file system. */
  readonly readFile?: (path: string) => string | undefined;
}
