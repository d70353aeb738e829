// texgrad numeric: a small dense float64 linear-algebra library with finite differences (no dependencies).
// Values are numbers (scalars) or row-major matrices; vectors are n×1 columns.
export {
  type Mat, type Value, type Shape, type Unary, type Binary,
  mat, fromRows, toRows, colVec, rowVec, zeros, ones, full, eye,
  isMat, shapeOf, shapeStr, numel, asMat, toScalar, clone, reshape,
  map, map2, elementwise, broadcastShape, add, sub, mul, div, pow, neg, scale,
} from "./mat.js";
export {
  matmul, transpose, kron, trace, diag, concatCols, concatRows, sliceCol, sliceRow, entry,
  rowSum, colSum, sum, frob, norm2, dot, outer,
} from "./linalg.js";
export { type LU, luDecompose, luIsSingular, det, slogdet, logdet, solve, inv, matpow } from "./lu.js";
export {
  sigmoidScalar, reluScalar, stepScalar, softplusScalar, tanhScalar,
  sigmoid, relu, step, softplus, tanh, exp, log, sqrt, abs,
  softmaxRows, logSoftmaxRows, softmaxVec, logSoftmaxVec, logSumExp, layerNormRows,
} from "./nn.js";
export { type Rng, rng, randn, randUniform, randPositive, randSPD, randWellConditioned } from "./random.js";
export { type FdOptions, type FdStep, fdGradient, fdJacobian, fdDirectional, fdHessian } from "./fd.js";
export { TINY, sameShape, relErr, allClose, maxAbsDiff, formatValue } from "./compare.js";
