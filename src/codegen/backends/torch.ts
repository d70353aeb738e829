// The PyTorch backend: the numpy module's layout (./python.ts) on float64 tensors, plus `Kernel`, a
// torch.autograd.Function whose backward is the derived formula; `forward` goes through Kernel.apply so
// that torch.autograd.gradcheck exercises the derived backward pass.
import { getOp } from "../../ops/registry.js";
import type { Program } from "../ir.js";
import { emitPython, type Dialect } from "./python.js";

const F64 = "dtype=torch.float64";

export const TORCH: Dialect = {
  name: "torch",
  import: "import torch\n",
  template: (i, a) => getOp(i.op).code.torch(a, i.attr),
  ones: (r, c) => `torch.ones((${r}, ${c}), ${F64})`,
  zeros: (r, c) => `torch.zeros((${r}, ${c}), ${F64})`,
  eye: (n) => `torch.eye(${n}, ${F64})`,
  fill: (v, r, c) => `(${v} * torch.ones((${r}, ${c}), ${F64}))`,
  item: (a) => `${a}.reshape(())`,
  size: (s) => `_scalar(${s})`,
};

export const emitTorch = (p: Program): string => emitPython(p, TORCH);
