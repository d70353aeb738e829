// Macro tables and token-level (TeX-like) expansion.
//
//   const table = new MacroTable(fileTable);            // document-local over --macros files
//   scanDefinitions(text, "lecture.md", table);          // \newcommand, \def, \DeclareMathOperator, \define …
//   const { tokens, invocations, errors } = expand(lexedWithLocs, table);
//
// Expanded tokens carry the loc of the invocation and `from` = the outermost invocation id, so the parser can
// print `\queryMatrix` where a whole expansion is one symbol.
export { MacroTable, type Macro, type MacroError } from "./table.js";
export { scanDefinitions, loadMacroFile } from "./define.js";
export { expand, type Expansion, type ExpandLimits } from "./expand.js";
