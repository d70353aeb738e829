// The NumPy backend: a Python module that uses only numpy (see ./python.ts for the module layout).
import { getOp } from "../../ops/registry.js";
import type { Program } from "../ir.js";
import { emitPython, rc, type Dialect } from "./python.js";

const paren = (s: string) => (/^[A-Za-z_0-9.]+$/.test(s) ? s : `(${s})`);

export const NUMPY: Dialect = {
  name: "numpy",
  import: "import numpy as np\n",
  template: (i, a) => getOp(i.op).code.numpy(a, i.attr, rc(i.shape)),
  ones: (r, c) => `np.ones((${r}, ${c}))`,
  zeros: (r, c) => `np.zeros((${r}, ${c}))`,
  eye: (n) => `np.eye(${n})`,
  fill: (v, r, c) => `np.full((${r}, ${c}), ${v})`,
  item: (a) => `${a}.item()`,
  size: (s) => paren(s),
};

export const emitNumpy = (p: Program): string => emitPython(p, NUMPY);
