// The PyTorch backend: the numpy module's layout (./python.ts) on tensors, plus `Kernel`, a
// torch.autograd.Function whose backward is the derived formula; `forward` goes through Kernel.apply so
// that torch.autograd.gradcheck exercises the derived backward pass. Dtype and device follow the inputs
// (float32 in, float32 out; a CUDA input keeps the work on its device): every tensor the kernel creates takes
// `**_o`, the dtype and device of the inputs (`_o = _like(x)`, x the first input, or the seed in _backward).
import { getOp } from "../../ops/registry.js";
import type { Program } from "../ir.js";
import { emitPython, rc, type Dialect } from "./python.js";

const LIKE = "**_o";

export const TORCH: Dialect = {
  name: "torch",
  import: "import torch\n",
  template: (i, a) => getOp(i.op).code.torch(a, i.attr, rc(i.shape)),
  ones: (r, c) => `torch.ones((${r}, ${c}), ${LIKE})`,
  zeros: (r, c) => `torch.zeros((${r}, ${c}), ${LIKE})`,
  eye: (n) => `torch.eye(${n}, ${LIKE})`,
  fill: (v, r, c) => `(${v} * torch.ones((${r}, ${c}), ${LIKE}))`,
  item: (a) => `${a}.reshape(())`,
  size: (s) => `_scalar(${s}, _o)`,
  like: (x) => `_o = _like(${x})`,
};

export const emitTorch = (p: Program): string => emitPython(p, TORCH);
