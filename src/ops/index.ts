// Importing this module registers every operation.
import "./add.js"; import "./neg.js"; import "./mul.js"; import "./hadamard.js"; import "./ediv.js"; import "./kron.js";
import "./transpose.js"; import "./inv.js"; import "./pow.js"; import "./epow.js";
import "./exp.js"; import "./log.js"; import "./sin.js"; import "./cos.js"; import "./tanh.js"; import "./sqrt.js";
import "./sigma.js"; import "./relu.js"; import "./step.js"; import "./abs.js"; import "./sign.js";
import "./softmax.js"; import "./logsoftmax.js"; import "./layernorm.js";
import "./tr.js"; import "./det.js"; import "./logdet.js"; import "./diag.js"; import "./concat.js";
import "./norm.js"; import "./frob.js"; import "./rowsum.js"; import "./sum.js"; import "./vec.js"; import "./lnscale.js"; import "./ncols.js"; import "./select.js"; import "./kronadj.js"; import "./unit.js";
// Jacobian structure (texgrad jacobian / hessian): row-major vec, sized identities and ones, commutation, row blocks
import "./rvec.js"; import "./eyeof.js"; import "./onesof.js"; import "./commutation.js"; import "./blockdiag.js";
// code generation only: Mᵀ diag(v) M without diag(v)
import "./quadform.js";
export * from "./registry.js";
