# Independent reference for the abstract-function fixtures (fixtures/abstract/*.md): each claim translated by hand
# into torch and compared with torch.autograd, the abstract function instantiated as tanh, softplus and a random
# cubic. Prints one JSON object {"file:line": true|false}: true when the claim holds for every instantiation.
import json, torch
torch.manual_seed(0)
T = torch.float64
def cubic():
    c = torch.randn(4, dtype=T)
    return (lambda x: c[0] + c[1] * x + c[2] * x**2 + c[3] * x**3), (lambda x: c[1] + 2 * c[2] * x + 3 * c[3] * x**2)
def sp(x): return torch.nn.functional.softplus(x)
FUNCS = [(torch.tanh, lambda x: 1 - torch.tanh(x)**2), (sp, torch.sigmoid), cubic()]
r = lambda *s: torch.randn(*s, dtype=T, requires_grad=True)
out = {}
def record(key, ok): out[key] = out.get(key, True) and bool(ok)
def close(a, b): return a.shape == b.shape and torch.allclose(a, b, rtol=1e-8, atol=1e-10)

for phi, dphi in FUNCS:
    # mlp.md
    d, h, k = 3, 4, 2
    x, W1, W2, y = r(d, 1), r(h, d), r(k, h), r(k, 1)
    z = W1 @ x; z.retain_grad(); a = phi(z); a.retain_grad(); o = W2 @ a
    E = 0.5 * ((o - y)**2).sum(); E.backward()
    with torch.no_grad():
        gz = dphi(z) * (W2.T @ (o - y))
        record("mlp.md:13", close((o - y) @ a.T, W2.grad))
        record("mlp.md:14", close(gz, z.grad))
        record("mlp.md:15", close(gz @ x.T, W1.grad))
        record("mlp.md:16", close(W1.T @ z.grad, x.grad))
        record("mlp.md:20", close(W2.T @ (o - y), z.grad))
        record("mlp.md:21", close((W2.T @ (o - y)) @ x.T, W1.grad))
        record("mlp.md:22", (W2.shape[1] == (o - y).shape[0]) and close(W2 @ (o - y), a.grad))
        record("mlp.md:23", close(W1.T @ (phi(z) * (W2.T @ (o - y))), x.grad))
    # glm.md
    n, p = 5, 3
    X, w, yy = r(n, p), r(p, 1), r(n, 1)
    eta = X @ w; eta.retain_grad(); mu = phi(eta)
    E = 0.5 * ((yy - mu).T @ (yy - mu)).sum(); E.backward()
    with torch.no_grad():
        record("glm.md:10", close(-X.T @ (dphi(eta) * (yy - mu)), w.grad))
        record("glm.md:11", close(dphi(eta) * (mu - yy), eta.grad))
        record("glm.md:15", close(-X.T @ (yy - mu), w.grad))
        record("glm.md:16", close(dphi(eta) * (yy - mu), eta.grad))
    # basis.md
    n, q, m = 5, 3, 4
    X, V, w, yy = r(n, q), r(q, m), r(m, 1), r(n, 1)
    A = X @ V; Phi = phi(A); f = Phi @ w
    E = 0.5 * ((yy - f)**2).sum(); E.backward()
    with torch.no_grad():
        record("basis.md:12", close(-Phi.T @ (yy - f), w.grad))
        record("basis.md:13", close(-X.T @ (dphi(A) * ((yy - f) @ w.T)), V.grad))
        record("basis.md:14", close(-X.T @ ((yy - f) @ w.T), V.grad))
        record("basis.md:15", False)  # Φ (y − f)ᵀ is n×n·… : the product does not conform (n×m times 1×n)

# link.md: g(f) = 1/(1+exp(-f)) at random f
for _ in range(3):
    f = r(())
    g = 1 / (1 + torch.exp(-f)); g.backward()
    with torch.no_grad():
        gv = 1 / (1 + torch.exp(-f))
        record("link.md:5", close(gv * (1 - gv), f.grad))
        record("link.md:6", close(torch.exp(-f) / (1 + torch.exp(-f))**2, f.grad))
        record("link.md:7", close(1 - gv, f.grad))

# loss.md: l(o, y) = h(Σ c ⊙ ψ1(o) + Σ e ⊙ ψ2(y)) with h, ψ1, ψ2 from the instantiations
for (h, _), (p1, _), (p2, _) in [(FUNCS[0], FUNCS[1], FUNCS[2]), (FUNCS[1], FUNCS[2], FUNCS[0]), (FUNCS[2], FUNCS[0], FUNCS[1])]:
    m, k = 3, 2
    hh, W, b, yl = r(m, 1), r(k, m), r(k, 1), r(k, 1)
    c, e = torch.randn(k, 1, dtype=T), torch.randn(k, 1, dtype=T)
    o = W @ hh + b; o.retain_grad()
    L = h((c * p1(o)).sum() + (e * p2(yl)).sum()); L.backward()
    with torch.no_grad():
        dl_do, dl_dy = o.grad.clone(), yl.grad.clone()   # the partials of l at (o, y), by autograd
        record("loss.md:8", close(dl_do, o.grad))
        record("loss.md:9", close(o.grad @ hh.T, W.grad))
        record("loss.md:10", close(W.T @ dl_do, hh.grad))
        record("loss.md:11", close(o.grad, b.grad))
        record("loss.md:12", close(hh @ o.grad.T, W.grad))
        record("loss.md:13", close(W.T @ dl_dy, hh.grad))
print(json.dumps(out))
