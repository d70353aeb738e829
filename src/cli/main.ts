// The texgrad command line. Every command takes --macros FILE (repeatable) and --root DIR.
import { cac } from "cac";
import "../ops/index.js";
import { parseCommand } from "./parse.js";
import { LocatedError } from "../errors.js";
import { located } from "./output.js";

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

export async function main(argv: readonly string[]): Promise<number> {
  const cli = cac("texgrad");
  let code = 0;
  const common = (o: Record<string, unknown>) => ({
    macroFiles: list(o.macros), ...(o.root ? { root: String(o.root) } : {}), json: Boolean(o.json),
  });
  cli.option("--macros <file>", "LaTeX macro definitions to load (repeatable)");
  cli.option("--root <dir>", "lecture root for \\include (default: the file's folder)");
  cli.option("--json", "one JSON document on stdout");

  cli.command("parse [...files]", "statements with their location, kind, LaTeX and shape")
    .action((files: string[], o) => { code = need(files) ?? parseCommand(files, common(o)); });

  cli.help();
  cli.version("0.1.0");
  try {
    cli.parse(["node", "texgrad", ...argv], { run: false });
    if (!cli.matchedCommand) {
      if (!cli.options.help && !cli.options.version) { cli.outputHelp(); return argv.length ? 2 : 0; }
      return 0;
    }
    await cli.runMatchedCommand();
    return code;
  } catch (err) {
    if (err instanceof LocatedError) { console.error(located(err.loc, err.message)); return 2; }
    const msg = err instanceof Error ? err.message : String(err);
    console.error(`texgrad: error: ${msg}`);
    return 2;
  }
}

function need(files: readonly string[]): number | undefined {
  if (files.length === 0) { console.error("texgrad: error: no input file"); return 2; }
  return undefined;
}
