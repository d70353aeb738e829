// The texgrad command line. Every command takes --macros FILE (repeatable) and --root DIR; each command
// lives in its own module and registers itself here.
import { cac } from "cac";
import "../ops/index.js";
import { LocatedError, printable, printableOutput } from "../errors.js";
import { located } from "./output.js";
import { STDIN_ARG, type Register } from "./common.js";
import { takeExpressions, EXPRESSION_FILE } from "./expr.js";
import { setMathMode } from "./format.js";
import { register as parse } from "./parse.js";
import { register as derive } from "./derive.js";
import { register as jacobian } from "./jacobian.js";
import { register as hessian } from "./hessian.js";
import { register as emit } from "./emit.js";
import { register as verify } from "./verify.js";
import { register as check } from "./check.js";
import { register as render } from "./render.js";

const commands: Register[] = [parse, derive, check, render, emit, verify, jacobian, hessian];

/** Marks an argument that the argument parser would read as a number. */
const RAW = "\u0000raw:";
const looksNumeric = (a: string): boolean => {
  const x = +a;
  return x * 0 === 0;
};

export async function main(given: readonly string[]): Promise<number> {
  const taken = takeExpressions(given);
  if (taken.error) {
    console.error(`texgrad: error: ${taken.error}`);
    return 2;
  }
  const argv = taken.argv;
  const cli = cac("texgrad");
  let code = 0;
  cli.option("--macros <file>", "LaTeX macro definitions to load (repeatable)");
  cli.option("--root <dir>", "lecture root for \\include (default: the file's folder)");
  cli.option("--json", "one JSON document on stdout");
  cli.option("-e, --expr <statement>", "a statement in place of FILE (repeatable; shapes inferred from use)");
  for (const r of commands)
    r(cli, (c) => {
      code = c;
    });
  // render's --latex names an output file; the others print formulas, Unicode on a terminal
  for (const c of cli.commands)
    if (c.name !== "render")
      c.option("--latex", "formulas as LaTeX (the default off a terminal)").option(
        "--unicode",
        "formulas as Unicode math (the default on a terminal)",
      );
  cli.help();
  cli.version("0.1.0");
  try {
    cli.parse(["node", "texgrad", ...argv.map((a) => (a === "-" ? STDIN_ARG : looksNumeric(a) ? RAW + a : a))], {
      run: false,
    });
    // the argument parser turns values that look like numbers into numbers (`-o 007` would write `7`, `--html ""`
    // would write `0`): they went through as raw text and are restored here, as the strings the user typed
    const raw = (v: unknown): unknown =>
      typeof v === "string" && v.startsWith(RAW) ? v.slice(RAW.length) : Array.isArray(v) ? v.map(raw) : v;
    const parsed = cli as unknown as { args: unknown[]; options: Record<string, unknown> };
    parsed.args = parsed.args.map(raw);
    for (const k of Object.keys(parsed.options)) parsed.options[k] = raw(parsed.options[k]);
    if (!cli.matchedCommand) {
      if (!cli.options.help && !cli.options.version) {
        const first = argv.find((a) => !a.startsWith("-"));
        if (argv.length)
          console.error(
            `texgrad: error: ${first !== undefined ? `unknown command ${printable(JSON.stringify(first))}` : "no command given"} (commands: ${cli.commands
              .map((c) => c.name)
              .filter(Boolean)
              .join(", ")})`,
          );
        cli.outputHelp();
        return argv.length ? 2 : 0;
      }
      return 0;
    }
    const named = cli.args.filter((f) => f !== EXPRESSION_FILE);
    if (named.length < cli.args.length && named.length && !["check", "parse"].includes(cli.matchedCommand.name)) {
      console.error(
        `texgrad: error: ${cli.matchedCommand.name} reads one input: give ${named[0]} or -e statements, not both`,
      );
      return 2;
    }
    setMathMode(cli.matchedCommand.name === "render" ? {} : cli.options);
    // human output never sends a control or bidi character from a source to the terminal (JSON escapes its own)
    const log = console.log,
      colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    console.log = (...a: unknown[]) => log(...a.map((x) => (typeof x === "string" ? printableOutput(x, colour) : x)));
    try {
      await cli.runMatchedCommand();
    } finally {
      console.log = log;
    }
    return code;
  } catch (err) {
    if (err instanceof LocatedError) {
      console.error(located(err.loc, err.message));
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    // cac's own wording ("Unknown option `--x`") in texgrad's
    const option = /^Unknown option `(.*)`$/.exec(msg);
    console.error(
      `texgrad: error: ${printable(option ? `unknown option ${option[1]} (see texgrad ${cli.matchedCommandName ?? ""} --help)`.replace("  ", " ") : msg)}`,
    );
    return 2;
  }
}
