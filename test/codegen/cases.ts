// Statement files that exercise the kernel IR: vector and scalar outputs and inputs, constants, dimensions
// used as values (read off an input, or passed as one), π, 1 and I sized from context, a 1×1 product used as a
// scalar, inverses, determinants, powers.
import { BROADCASTS } from "../derive/broadcasts.js";

export const CASES: Record<string, string> = {
  "layer: tanh(Wx + b), softmax(γh)":
    "\\mathbf{x} \\in \\mathbb{R}^{n}\nW \\in \\mathbb{R}^{m \\times n}\n\\mathbf{b} \\in \\mathbb{R}^{m}\n\\mathbf{h} = \\tanh(W \\mathbf{x} + \\mathbf{b})\n\\mathbf{p} = \\operatorname{softmax}(\\gamma \\mathbf{h})\n",
  "loss: cross-entropy of a logsoftmax":
    "X \\in \\mathbb{R}^{n \\times d}\nW \\in \\mathbb{R}^{d \\times c}\nT \\in \\mathbb{R}^{n \\times c}\nZ = X W\nL = -\\operatorname{tr}(T^\\top \\operatorname{logsoftmax}(Z))\n",
  "sigmoid and log of positives":
    "X \\in \\mathbb{R}^{n \\times d}\nP \\in \\mathbb{R}^{n \\times d}\nY = \\sigma(X) \\odot \\log(P) + \\sqrt{P} \\odot \\exp(-X)\n",
  "1×1 product used as a scalar":
    "\\mathbf{x} \\in \\mathbb{R}^{n}\n\\mathbf{a} \\in \\mathbb{R}^{n}\n\\mathbf{y} = (\\mathbf{x}^\\top \\mathbf{a}) \\mathbf{x} + \\mathbf{a}\n",
  "broadcast column with 1ᵀ":
    "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{v} \\in \\mathbb{R}^{n}\nY = \\mathbf{v} \\mathbf{1}^\\top \\odot \\tanh(X)\n",
  "dimension as a value":
    "Q \\in \\mathbb{R}^{n \\times d_k}\nK \\in \\mathbb{R}^{n \\times d_k}\nS = \\frac{Q K^\\top}{\\sqrt{d_k}}\n",
  "dimension not read off any input": "\\mathbf{v} \\in \\mathbb{R}^{m}\nY = \\frac{\\tanh(\\mathbf{v})}{\\sqrt{n}}\n",
  π: "\\mathbf{x} \\in \\mathbb{R}^{n}\nf = \\pi \\mathbf{x}^\\top \\mathbf{x}\n",
  "inverse and log-determinant":
    "X \\in \\mathbb{R}^{n \\times n}\nA \\in \\mathbb{R}^{n \\times n}\nf = \\log\\det(X) - \\operatorname{tr}(X^{-1} A)\n",
  "matrix power and identity":
    "A \\in \\mathbb{R}^{n \\times n}\nB = A^2 + A + \\mathbf{I}\nf = \\operatorname{tr}(B^\\top B)\n",
  "entrywise powers": "X \\in \\mathbb{R}^{n \\times d}\nY = X^{\\circ 3} - 2 X\n",
  "scalar output of a scalar input": "a = \\tanh(\\gamma) \\gamma^2 + \\sin(\\gamma)\n",
  "constant scalar": "X \\in \\mathbb{R}^{n \\times d}\nY = \\frac{X}{\\epsilon}\n\\epsilon > 0\n",
  diag: "X \\in \\mathbb{R}^{n \\times n}\n\\mathbf{a} \\in \\mathbb{R}^{n}\nf = \\mathbf{a}^\\top \\operatorname{diag}(X)\n",
  "concatenation (its adjoint is select)":
    "X \\in \\mathbb{R}^{n \\times d}\nY \\in \\mathbb{R}^{n \\times m}\nZ = \\operatorname{concat}(X, \\tanh(Y))\n",
  "Kronecker product (constant sizes)":
    "A \\in \\mathbb{R}^{2 \\times 2}\nB \\in \\mathbb{R}^{3 \\times 2}\nf = \\operatorname{tr}((A \\otimes B)^\\top (A \\otimes B))\n",
  "layer norm":
    "X \\in \\mathbb{R}^{n \\times d}\nW \\in \\mathbb{R}^{d \\times d}\nY = \\operatorname{LayerNorm}(X) W\n",
  // products with transposed factors: the js and c targets call a matmul variant, never a transpose (issue 14)
  "transposed products: AᵀB, ABᵀ, AᵀBᵀ, (sAᵀ)B":
    "A \\in \\mathbb{R}^{k \\times n}\nB \\in \\mathbb{R}^{k \\times m}\nC \\in \\mathbb{R}^{m \\times k}\nD \\in \\mathbb{R}^{n \\times m}\nY = A^\\top B + D C B + A^\\top C^\\top + \\tanh(\\alpha) A^\\top B\n",
  "transposed products with vectors":
    "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{u} \\in \\mathbb{R}^{n}\n\\mathbf{v} \\in \\mathbb{R}^{d}\n\\mathbf{y} = X^\\top \\mathbf{u} + X^\\top X \\mathbf{v} + \\mathbf{v} \\mathbf{u}^\\top \\mathbf{u}\n",
  // scalars and columns broadcast into vectors and matrices (issue 8)
  ...Object.fromEntries(Object.entries(BROADCASTS).map(([name, text]) => [`broadcast: ${name}`, text])),
};
